import { describe, expect, it } from 'vitest';
import { parseBankHolidayUpload, SHIPPED_BANK_HOLIDAYS } from './bank-holidays.js';
import { addWorkingDays, isWorkingDay, localDay, workingDaysBetween, type WorkingCalendar } from './working-days.js';

const shipped: WorkingCalendar = { timeZone: 'Europe/London', holidays: new Set(SHIPPED_BANK_HOLIDAYS.dates.map((d) => d.date)) };
const none: WorkingCalendar = { timeZone: 'Europe/London', holidays: new Set() };

describe('working days with UK bank holidays', () => {
  it('skips Christmas, the Boxing Day substitute and the weekend', () => {
    const thu = new Date('2026-12-24T10:00:00Z');
    expect(addWorkingDays(thu, 2, shipped).toISOString()).toBe('2026-12-30T10:00:00.000Z');
    expect(addWorkingDays(thu, 2, none).toISOString()).toBe('2026-12-28T10:00:00.000Z');
  });

  it('counts Easter Monday and Good Friday as holidays', () => {
    expect(isWorkingDay(new Date('2026-04-03T12:00:00Z'), shipped)).toBe(false);
    expect(isWorkingDay(new Date('2026-04-06T12:00:00Z'), shipped)).toBe(false);
    expect(isWorkingDay(new Date('2026-04-07T12:00:00Z'), shipped)).toBe(true);
    expect(workingDaysBetween(new Date('2026-04-02T12:00:00Z'), new Date('2026-04-08T12:00:00Z'), shipped)).toBe(2);
  });

  it('uses the organisation time zone: 23:30 UTC on a Sunday in summer is Monday in London', () => {
    const t = new Date('2026-06-07T23:30:00Z');
    expect(localDay(t, 'Europe/London')).toBe('2026-06-08');
    expect(isWorkingDay(t, shipped)).toBe(true);
    expect(isWorkingDay(t, { ...shipped, timeZone: 'UTC' })).toBe(false);
  });

  it('the shipped table has eight England and Wales holidays a year, all on weekdays', () => {
    const years = new Map<string, number>();
    for (const d of SHIPPED_BANK_HOLIDAYS.dates) {
      years.set(d.date.slice(0, 4), (years.get(d.date.slice(0, 4)) ?? 0) + 1);
      expect(new Date(`${d.date}T12:00:00Z`).getUTCDay(), d.date).not.toBe(0);
      expect(new Date(`${d.date}T12:00:00Z`).getUTCDay(), d.date).not.toBe(6);
    }
    expect([...years.values()].every((n) => n === 8)).toBe(true);
    expect(SHIPPED_BANK_HOLIDAYS.dates.map((d) => d.date)).toContain('2027-12-27');
  });
});

describe('bank holiday upload', () => {
  it('reads the GOV.UK JSON shape for one division', () => {
    const json = JSON.stringify({
      'england-and-wales': { division: 'england-and-wales', events: [{ title: 'Christmas Day', date: '2031-12-25', notes: '', bunting: true }] },
      scotland: { division: 'scotland', events: [{ title: 'St Andrew’s Day', date: '2031-12-01', notes: '', bunting: true }] },
    });
    expect(parseBankHolidayUpload(json, 'england-and-wales')).toEqual([{ date: '2031-12-25', title: 'Christmas Day' }]);
    expect(parseBankHolidayUpload(json, 'scotland')).toEqual([{ date: '2031-12-01', title: 'St Andrew’s Day' }]);
    expect(() => parseBankHolidayUpload(json, 'northern-ireland')).toThrow(/no “northern-ireland”/);
  });

  it('reads CSV lines, skipping a header, and refuses bad dates', () => {
    expect(parseBankHolidayUpload('date,title\n2031-01-01,New Year’s Day\n\n2031-12-25,"Christmas Day"\n', 'x')).toEqual([
      { date: '2031-01-01', title: 'New Year’s Day' },
      { date: '2031-12-25', title: 'Christmas Day' },
    ]);
    expect(() => parseBankHolidayUpload('2031-13-45,Nonsense', 'x')).toThrow(/No dates|valid/);
    expect(() => parseBankHolidayUpload('hello', 'x')).toThrow(/No dates/);
  });
});
