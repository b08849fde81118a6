/** Date helpers. Ages are whole days (or hours) rounded down, never negative. */

export const HOUR_MS = 60 * 60 * 1000;
export const DAY_MS = 24 * HOUR_MS;

/** Parses an ISO timestamp from the facts; null for null, undefined or an unreadable value. */
export function parseDate(iso: string | null | undefined): Date | null {
  if (iso == null) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Whole days from `then` to `now` (0 if `then` is in the future, e.g. a clock skew). */
export function ageInDays(then: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - then.getTime()) / DAY_MS));
}

/** Whole hours from `then` to `now` (0 if `then` is in the future). */
export function ageInHours(then: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - then.getTime()) / HOUR_MS));
}

export function addDays(d: Date, days: number): Date {
  return new Date(d.getTime() + days * DAY_MS);
}

/** "2027-05-01": the calendar date (UTC) people see in reasons. */
export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** "120 days ago", "today", "1 day ago". */
export function daysAgo(days: number): string {
  if (days === 0) return 'today';
  return days === 1 ? '1 day ago' : `${days} days ago`;
}
