/** Date helpers. Ages are whole days (or hours) rounded down, never negative. */

export const HOUR_MS = 60 * 60 * 1000;
export const DAY_MS = 24 * HOUR_MS;

/** Parses an ISO timestamp from the facts; null for null, undefined or an unreadable value. */
export function parseDate(iso: string | null | undefined): Date | null {
  if (iso == null) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** No fact on a device can be dated before this (the agent, the products it reads, Windows 95). */
export const EARLIEST_FACT_DATE = new Date('1990-01-01T00:00:00.000Z');
/** How far past the console's clock a fact may be dated (time zones, a clock a little fast). */
export const FACT_DATE_AHEAD_DAYS = 2;

/**
 * Why a date from the facts cannot be right (far in the future or before 1990), in words for
 * people, or null when it is plausible. A control never passes on such a date: a password "changed"
 * in 9999 would otherwise pass password age for ever. `now` is the console's clock.
 */
export function implausibleDate(d: Date, now: Date): string | null {
  if (d.getTime() > now.getTime() + FACT_DATE_AHEAD_DAYS * DAY_MS) {
    return `the date it reports, ${isoDate(d)}, is in the future, so the device's clock or its data is wrong`;
  }
  if (d.getTime() < EARLIEST_FACT_DATE.getTime()) {
    return `the date it reports, ${isoDate(d)}, is before 1990, so the device's clock or its data is wrong`;
  }
  return null;
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
  // Years past 9999 print as "+010000-…": keep the whole year.
  const iso = d.toISOString();
  return iso.slice(0, iso.indexOf('T'));
}

/** "120 days ago", "today", "1 day ago". */
export function daysAgo(days: number): string {
  if (days === 0) return 'today';
  return days === 1 ? '1 day ago' : `${days} days ago`;
}
