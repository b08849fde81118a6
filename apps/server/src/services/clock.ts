/**
 * The server never trusts a device's clock for ordering: reports are ordered by when the console
 * received them. The collected-at date is kept as reported, and flagged when it cannot be right.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/** How far ahead of the console a device clock may run before it is flagged. */
export const CLOCK_AHEAD_TOLERANCE_MS = DAY_MS;
/** How far before the device's enrolment a report may be dated (time zones, a slow clock). */
export const CLOCK_BEHIND_TOLERANCE_MS = DAY_MS;

function days(ms: number): number {
  return Math.max(1, Math.round(ms / DAY_MS));
}

function plural(n: number): string {
  return `${n.toLocaleString('en-GB')} day${n === 1 ? '' : 's'}`;
}

/**
 * A plain-language note when a report's collected-at date is impossible: in the future (beyond a
 * day) or before the device was enrolled (beyond a day). Null when the date is plausible; an
 * agent replaying reports it kept while offline sends old dates, which are fine.
 */
export function clockNote(collectedAt: Date, receivedAt: Date, enrolledAt: Date): string | null {
  const collected = collectedAt.getTime();
  if (Number.isNaN(collected)) return 'the report has no readable collected-at date';
  const ahead = collected - receivedAt.getTime();
  if (ahead > CLOCK_AHEAD_TOLERANCE_MS) {
    return `device clock is wrong by ${plural(days(ahead))}: the report is dated ${collectedAt.toISOString()}, in the future (received ${receivedAt.toISOString()})`;
  }
  const before = enrolledAt.getTime() - collected;
  if (before > CLOCK_BEHIND_TOLERANCE_MS) {
    return `device clock is wrong by ${plural(days(receivedAt.getTime() - collected))}: the report is dated ${collectedAt.toISOString()}, before the device was enrolled (${enrolledAt.toISOString()})`;
  }
  return null;
}
