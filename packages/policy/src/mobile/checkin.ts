import type { DeviceSource, Finding } from '@safefleet/protocol';
import { finding } from '../controls/finding.js';
import { ageInDays, isoDate } from '../util/dates.js';
import { plural } from '../util/text.js';
import { reporter } from './words.js';

/** How long facts from each kind of source stay valid before the device is Stale. */
export const SOURCE_WINDOW_DAYS = { mdm: 14, keeper: 92 } as const;

/**
 * agent-checkin for devices without the agent: an MDM or import must have synced the device within
 * 14 days; a keeper must have checked in within the quarter (92 days). Older → fail (Stale).
 */
export function checkSourceCheckin(lastSeenAt: Date | null, source: Exclude<DeviceSource, { type: 'agent' }>, now: Date): Finding {
  const days = SOURCE_WINDOW_DAYS[source.type];
  const who = reporter({ source });
  const what = source.type === 'keeper' ? 'checked in' : 'reported this device';
  const limit = source.type === 'keeper' ? `the keeper checks in every quarter (${days} days)` : `devices should sync at least every ${days} days`;
  if (lastSeenAt === null || Number.isNaN(lastSeenAt.getTime())) {
    return finding('agent-checkin', null, 'fail', `${who} has never ${what}; ${limit}.`, { details: { lastSeenAt: null, windowDays: days } });
  }
  const age = ageInDays(lastSeenAt, now);
  const details = { lastSeenAt: lastSeenAt.toISOString(), daysSinceLastSeen: age, windowDays: days };
  if (now.getTime() - lastSeenAt.getTime() <= days * 24 * 60 * 60 * 1000) {
    return finding('agent-checkin', null, 'pass', `${who} last ${what} on ${isoDate(lastSeenAt)}, within ${plural(days, 'day')}.`, { details });
  }
  return finding('agent-checkin', null, 'fail', `${who} last ${what} on ${isoDate(lastSeenAt)}, ${plural(age, 'day')} ago; ${limit}.`, {
    details,
    resolution:
      source.type === 'keeper'
        ? 'Open the check-in link on the tablet (your IT lead can send it again) and answer the questions.'
        : 'Switch the device on and connect it to the internet so it syncs with its management service.',
  });
}
