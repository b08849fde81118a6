import type { Finding, PolicySettings } from '@safefleet/protocol';
import { ageInDays, ageInHours } from '../util/dates.js';
import { plural } from '../util/text.js';
import { finding } from './finding.js';

/** "2026-11-21 10:05 UTC": absolute, so the reason only changes when the device reports. */
function at(d: Date): string {
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * agent-checkin: the console heard from the device within policy.agentCheckin.windowHours.
 * Called by the console with its own last-seen time (the device cannot judge this itself).
 */
export function checkAgentCheckin(lastSeenAt: Date | null, policy: PolicySettings, now: Date): Finding {
  const windowHours = policy.agentCheckin.windowHours;
  const window = plural(windowHours, 'hour');
  const limit = `devices should check in at least every ${window}`;
  if (lastSeenAt === null || Number.isNaN(lastSeenAt.getTime())) {
    return finding('agent-checkin', null, 'fail', `This device has never checked in with the console; ${limit}.`, {
      details: { lastSeenAt: null, windowHours },
    });
  }
  const hours = ageInHours(lastSeenAt, now);
  const details = { lastSeenAt: lastSeenAt.toISOString(), hoursSinceLastSeen: hours, windowHours };
  if (now.getTime() - lastSeenAt.getTime() <= windowHours * 60 * 60 * 1000) {
    return finding('agent-checkin', null, 'pass', `This device last checked in at ${at(lastSeenAt)}, within the last ${window}.`, {
      details,
    });
  }
  const days = ageInDays(lastSeenAt, now);
  const ago = days >= 2 ? ` (${plural(days, 'day')} ago)` : '';
  return finding('agent-checkin', null, 'fail', `This device last checked in at ${at(lastSeenAt)}, more than ${window} ago${ago}; ${limit}.`, {
    details,
  });
}
