import type { BankHolidayTable, BankHoliday } from '@safefleet/protocol';

/**
 * England and Wales bank holidays shipped with the console, 2024 to 2030, worked out from the
 * usual rules (New Year, Good Friday, Easter Monday, the first and last Mondays of May, the last
 * Monday of August, Christmas and Boxing Day, with substitute days). One-off holidays and the other
 * UK nations differ: upload the GOV.UK bank-holidays file on the Settings page to replace it.
 */
export const SHIPPED_BANK_HOLIDAYS_VALID_TO = '2030-12-31';
const SHIPPED: Array<[string, string]> = [
  ['2024-01-01', 'New Year’s Day'],
  ['2024-03-29', 'Good Friday'],
  ['2024-04-01', 'Easter Monday'],
  ['2024-05-06', 'Early May bank holiday'],
  ['2024-05-27', 'Spring bank holiday'],
  ['2024-08-26', 'Summer bank holiday'],
  ['2024-12-25', 'Christmas Day'],
  ['2024-12-26', 'Boxing Day'],
  ['2025-01-01', 'New Year’s Day'],
  ['2025-04-18', 'Good Friday'],
  ['2025-04-21', 'Easter Monday'],
  ['2025-05-05', 'Early May bank holiday'],
  ['2025-05-26', 'Spring bank holiday'],
  ['2025-08-25', 'Summer bank holiday'],
  ['2025-12-25', 'Christmas Day'],
  ['2025-12-26', 'Boxing Day'],
  ['2026-01-01', 'New Year’s Day'],
  ['2026-04-03', 'Good Friday'],
  ['2026-04-06', 'Easter Monday'],
  ['2026-05-04', 'Early May bank holiday'],
  ['2026-05-25', 'Spring bank holiday'],
  ['2026-08-31', 'Summer bank holiday'],
  ['2026-12-25', 'Christmas Day'],
  ['2026-12-28', 'Boxing Day (substitute day)'],
  ['2027-01-01', 'New Year’s Day'],
  ['2027-03-26', 'Good Friday'],
  ['2027-03-29', 'Easter Monday'],
  ['2027-05-03', 'Early May bank holiday'],
  ['2027-05-31', 'Spring bank holiday'],
  ['2027-08-30', 'Summer bank holiday'],
  ['2027-12-27', 'Christmas Day (substitute day)'],
  ['2027-12-28', 'Boxing Day (substitute day)'],
  ['2028-01-03', 'New Year’s Day (substitute day)'],
  ['2028-04-14', 'Good Friday'],
  ['2028-04-17', 'Easter Monday'],
  ['2028-05-01', 'Early May bank holiday'],
  ['2028-05-29', 'Spring bank holiday'],
  ['2028-08-28', 'Summer bank holiday'],
  ['2028-12-25', 'Christmas Day'],
  ['2028-12-26', 'Boxing Day'],
  ['2029-01-01', 'New Year’s Day'],
  ['2029-03-30', 'Good Friday'],
  ['2029-04-02', 'Easter Monday'],
  ['2029-05-07', 'Early May bank holiday'],
  ['2029-05-28', 'Spring bank holiday'],
  ['2029-08-27', 'Summer bank holiday'],
  ['2029-12-25', 'Christmas Day'],
  ['2029-12-26', 'Boxing Day'],
  ['2030-01-01', 'New Year’s Day'],
  ['2030-04-19', 'Good Friday'],
  ['2030-04-22', 'Easter Monday'],
  ['2030-05-06', 'Early May bank holiday'],
  ['2030-05-27', 'Spring bank holiday'],
  ['2030-08-26', 'Summer bank holiday'],
  ['2030-12-25', 'Christmas Day'],
  ['2030-12-26', 'Boxing Day'],
];

export const SHIPPED_BANK_HOLIDAYS: BankHolidayTable = {
  source: 'shipped (England and Wales)',
  dates: SHIPPED.map(([date, title]) => ({ date, title })),
};

/** The table in force: the uploaded one, else the shipped one. */
export function bankHolidaysInForce(uploaded: BankHolidayTable | null): BankHolidayTable {
  return uploaded ?? SHIPPED_BANK_HOLIDAYS;
}

/**
 * Reads an uploaded table: the GOV.UK bank-holidays JSON ({"england-and-wales": {"events":
 * [{"title","date"}]}, …}, one division picked) or CSV lines "YYYY-MM-DD,Title" (a header line and
 * blank lines are skipped). Throws a plain-word Error when nothing usable is found.
 */
export function parseBankHolidayUpload(content: string, division: string): BankHoliday[] {
  const text = content.trim();
  let dates: BankHoliday[];
  if (text.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error('The file looks like JSON but could not be read.');
    }
    const div = (json as Record<string, unknown>)[division] as { events?: unknown } | undefined;
    if (!div || !Array.isArray(div.events)) {
      const known = Object.keys(json as object)
        .slice(0, 5)
        .join(', ');
      throw new Error(`The file has no “${division}” list of events (it has: ${known || 'nothing'}).`);
    }
    dates = div.events.map((e) => ({ date: String((e as { date?: unknown }).date ?? ''), title: String((e as { title?: unknown }).title ?? '') }));
  } else {
    dates = text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '' && /^\d/.test(line))
      .map((line) => {
        const [date = '', ...rest] = line.split(',');
        return { date: date.trim(), title: rest.join(',').trim().replace(/^"|"$/g, '') || 'Bank holiday' };
      });
  }
  const valid = dates.filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d.date) && !Number.isNaN(Date.parse(`${d.date}T00:00:00Z`)) && d.title !== '');
  if (valid.length === 0) throw new Error('No dates found: use the GOV.UK bank-holidays JSON file, or lines like “2026-12-25,Christmas Day”.');
  if (valid.length !== dates.length) throw new Error(`${dates.length - valid.length} line(s) have no valid YYYY-MM-DD date and title.`);
  return [...new Map(valid.map((d) => [d.date, { date: d.date, title: d.title.slice(0, 200) }])).values()].sort((a, b) =>
    a.date.localeCompare(b.date),
  );
}
