const DAY_MS = 24 * 60 * 60 * 1000;

/** The calendar a working-day count uses: the organisation's time zone and bank holidays. */
export interface WorkingCalendar {
  /** IANA time zone; UTC when it is unknown to this runtime. */
  timeZone: string;
  /** Bank holidays as YYYY-MM-DD in that time zone. */
  holidays: ReadonlySet<string>;
}

function safeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
    return timeZone;
  } catch {
    return 'UTC';
  }
}

/** The local date (YYYY-MM-DD) of an instant in a time zone. */
export function localDay(d: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: safeZone(timeZone), year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

/** Monday to Friday and not a bank holiday, in the calendar's time zone. */
export function isWorkingDay(d: Date, cal: WorkingCalendar): boolean {
  const weekday = new Intl.DateTimeFormat('en-GB', { weekday: 'short', timeZone: safeZone(cal.timeZone) }).format(d);
  if (weekday === 'Sat' || weekday === 'Sun') return false;
  return !cal.holidays.has(localDay(d, cal.timeZone));
}

/**
 * `start` plus `n` working days at the same time of day: logged on Thursday 24 December 2026 with a
 * limit of 2 working days, due on Wednesday 30 December (Christmas and the Boxing Day substitute on
 * Monday 28 are bank holidays).
 */
export function addWorkingDays(start: Date, n: number, cal: WorkingCalendar): Date {
  let d = new Date(start.getTime());
  let added = 0;
  while (added < n) {
    d = new Date(d.getTime() + DAY_MS);
    if (isWorkingDay(d, cal)) added++;
  }
  return d;
}

/** Working days from a to b (whole days after a up to and including b; 0 when b <= a). */
export function workingDaysBetween(a: Date, b: Date, cal: WorkingCalendar): number {
  let n = 0;
  for (let d = new Date(a.getTime() + DAY_MS); d.getTime() <= b.getTime(); d = new Date(d.getTime() + DAY_MS)) if (isWorkingDay(d, cal)) n++;
  return n;
}
