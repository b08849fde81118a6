import { describe, expect, it } from 'vitest';
import { csvCell } from './csv.js';
import { duration } from './view.js';
import { addWorkingDays, isWorkingDay, type WorkingCalendar } from '../calendar/working-days.js';
import { minutesBetween } from './working-days.js';

describe('working days, durations, CSV cells', () => {
  const tz: WorkingCalendar = { timeZone: 'Europe/London', holidays: new Set() };
  it.each([
    ['2026-11-20T15:00:00.000Z', 2, '2026-11-24T15:00:00.000Z'], // Friday → Tuesday
    ['2026-11-21T10:00:00.000Z', 2, '2026-11-24T10:00:00.000Z'], // Saturday → Tuesday
    ['2026-11-23T09:00:00.000Z', 2, '2026-11-25T09:00:00.000Z'], // Monday → Wednesday
    ['2026-11-19T09:00:00.000Z', 1, '2026-11-20T09:00:00.000Z'], // Thursday → Friday
  ])('%s + %i working days = %s', (start, n, due) => {
    expect(addWorkingDays(new Date(start), n, tz).toISOString()).toBe(due);
  });

  it('knows the weekend in the given time zone', () => {
    expect(isWorkingDay(new Date('2026-11-21T12:00:00Z'), tz)).toBe(false);
    expect(isWorkingDay(new Date('2026-11-20T23:30:00Z'), { ...tz, timeZone: 'Pacific/Auckland' })).toBe(false); // already Saturday there
    expect(isWorkingDay(new Date('2026-11-20T23:30:00Z'), tz)).toBe(true);
  });

  it('durations and minutes', () => {
    expect(minutesBetween('2026-11-20T09:00:00Z', null)).toBeNull();
    expect(minutesBetween('2026-11-20T09:00:00Z', '2026-11-20T11:05:00Z')).toBe(125);
    expect([null, 5, 125, 1440, 1500].map(duration)).toEqual(['—', '5 min', '2 h 5 min', '1 day', '1 day 1 h']);
  });

  it('quotes CSV cells and defuses formulas', () => {
    expect([csvCell('plain'), csvCell('a,b'), csvCell('say "hi"'), csvCell('two\nlines'), csvCell(null), csvCell(3)]).toEqual([
      'plain',
      '"a,b"',
      '"say ""hi"""',
      '"two\nlines"',
      '',
      '3',
    ]);
    expect(['=1+1', '+44 7700', '-2', '@SUM(A1)'].map(csvCell)).toEqual(["'=1+1", "'+44 7700", "'-2", "'@SUM(A1)"]);
  });
});
