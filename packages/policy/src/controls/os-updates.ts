import type { Finding, UpdatesFacts } from '@safefleet/protocol';
import type { ControlInput } from '../types.js';
import { addDays, ageInDays, implausibleDate, isoDate, parseDate } from '../util/dates.js';
import { joinSome, plural, sentences } from '../util/text.js';
import { finding, groupProblem } from './finding.js';

/** When the oldest pending security update was first seen, from the summary or the list. */
function oldestSecuritySince(updates: UpdatesFacts): Date | null {
  const summary = parseDate(updates.oldestSecurityPendingSince);
  if (summary) return summary;
  const seen = updates.pending
    .filter((u) => u.security)
    .map((u) => parseDate(u.firstSeenAt))
    .filter((d): d is Date => d !== null)
    .sort((a, b) => a.getTime() - b.getTime());
  return seen[0] ?? null;
}

function lastInstalled(updates: UpdatesFacts, now: Date): string | null {
  const at = parseDate(updates.lastInstalledAt);
  // Information only; a date that cannot be right is not repeated as if it were.
  if (!at || implausibleDate(at, now)) return null;
  return `Updates were last installed on ${isoDate(at)}.`;
}

function otherPending(updates: UpdatesFacts): string | null {
  const others = (updates.pendingCount ?? 0) - (updates.securityPendingCount ?? 0);
  if (others <= 0) return null;
  return `${plural(others, 'other update')} (not security) ${others === 1 ? 'is' : 'are'} also waiting.`;
}

/**
 * os-updates: no security updates waiting (pass), or the oldest has waited no more than
 * osUpdates.securityGraceDays (grace, due at first-seen + grace days), else fail.
 */
export function checkOsUpdates(input: ControlInput): Finding {
  const { facts, policy, now } = input;
  const updates = facts.updates;
  const graceDays = policy.osUpdates.securityGraceDays;
  const problem = groupProblem(updates, 'for operating system updates');
  if (problem) return finding('os-updates', input, 'unknown', problem);

  const count = updates.securityPendingCount;
  const baseDetails = {
    securityPendingCount: count,
    pendingCount: updates.pendingCount,
    lastInstalledAt: updates.lastInstalledAt,
    securityGraceDays: graceDays,
  };
  if (count === null) {
    return finding(
      'os-updates',
      input,
      'unknown',
      sentences('Safefleet could not count the security updates waiting on this device.', lastInstalled(updates, now)),
      { details: baseDetails },
    );
  }
  if (count === 0) {
    return finding('os-updates', input, 'pass', sentences('No security updates are waiting.', otherPending(updates), lastInstalled(updates, now)), {
      details: baseDetails,
    });
  }

  const names = updates.pending.filter((u) => u.security).map((u) => u.name);
  const waiting = `${plural(count, 'security update')} ${count === 1 ? 'is' : 'are'} waiting to be installed${
    names.length > 0 ? ` (${joinSome(names, 5)})` : ''
  }.`;
  const since = oldestSecuritySince(updates);
  if (!since) {
    return finding(
      'os-updates',
      input,
      'grace',
      sentences(waiting, 'How long they have been waiting is not known, so this counts as within the grace period.', lastInstalled(updates, now)),
      { details: { ...baseDetails, oldestSince: null, ageDays: null } },
    );
  }

  const wrongSince = implausibleDate(since, now);
  if (wrongSince) {
    return finding(
      'os-updates',
      input,
      'unknown',
      sentences(waiting, `Safefleet cannot tell how long they have been waiting: ${wrongSince}.`, lastInstalled(updates, now)),
      { details: { ...baseDetails, oldestSince: null, ageDays: null } },
    );
  }
  const ageDays = ageInDays(since, now);
  const dueAt = addDays(since, graceDays);
  const details = { ...baseDetails, oldestSince: since.toISOString(), ageDays, dueAt: dueAt.toISOString() };
  const seen = ageDays === 0 ? 'The oldest was first seen today' : `The oldest has been waiting ${plural(ageDays, 'day')}`;
  if (ageDays <= graceDays) {
    return finding('os-updates', input, 'grace', sentences(waiting, `${seen}; install by ${isoDate(dueAt)} (within ${plural(graceDays, 'day')}).`), {
      dueAt,
      details,
    });
  }
  return finding(
    'os-updates',
    input,
    'fail',
    sentences(waiting, `${seen}, longer than the ${plural(graceDays, 'day')} allowed.`, lastInstalled(updates, now)),
    { details },
  );
}
