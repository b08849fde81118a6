const DAY_MS = 24 * 60 * 60 * 1000;

/** True on Saturday or Sunday in the given time zone (the server's own when absent). */
export function isWeekend(d: Date, timeZone?: string): boolean {
  let weekday: string;
  try {
    weekday = new Intl.DateTimeFormat('en-GB', { weekday: 'short', ...(timeZone ? { timeZone } : {}) }).format(d);
  } catch {
    weekday = new Intl.DateTimeFormat('en-GB', { weekday: 'short', timeZone: 'UTC' }).format(d);
  }
  return weekday === 'Sat' || weekday === 'Sun';
}

/**
 * `start` plus `n` working days (Monday to Friday), at the same time of day: a concern logged on
 * Friday at 15:00 with a limit of 2 working days is due on Tuesday at 15:00; one logged on Saturday
 * is due on Tuesday too. Bank holidays are not known, so they count as working days.
 */
export function addWorkingDays(start: Date, n: number, timeZone?: string): Date {
  let d = new Date(start.getTime());
  let added = 0;
  while (added < n) {
    d = new Date(d.getTime() + DAY_MS);
    if (!isWeekend(d, timeZone)) added++;
  }
  return d;
}

/** Whole minutes from a to b (null when b is null). */
export function minutesBetween(a: string, b: string | null): number | null {
  if (b === null) return null;
  return Math.max(0, Math.round((new Date(b).getTime() - new Date(a).getTime()) / 60_000));
}
