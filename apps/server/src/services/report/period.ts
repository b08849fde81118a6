import type { ReportQuery } from '@safefleet/protocol';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export interface ReportPeriod {
  from: string;
  to: string;
  label: string;
}

function lastDayOfMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** "1 July 2026". */
export function longDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

export function quarterPeriod(year: number, q: number): ReportPeriod {
  const m0 = (q - 1) * 3 + 1;
  const from = `${year}-${String(m0).padStart(2, '0')}-01`;
  const to = `${year}-${String(m0 + 2).padStart(2, '0')}-${lastDayOfMonth(year, m0 + 2)}`;
  return { from, to, label: `Q${q} ${year} (${longDay(from)} to ${longDay(to)})` };
}

/** The quarter a local day (YYYY-MM-DD) falls in. */
export function quarterOf(day: string): { year: number; q: number } {
  const [y, m] = day.split('-').map(Number) as [number, number];
  return { year: y, q: Math.floor((m - 1) / 3) + 1 };
}

/** The quarter before the one `today` falls in (what the quarterly email reports on). */
export function previousQuarter(today: string): ReportPeriod {
  const { year, q } = quarterOf(today);
  return q === 1 ? quarterPeriod(year - 1, 4) : quarterPeriod(year, q - 1);
}

/** The period a report query asks for: a quarter, dates, or (none) the current quarter. Throws on bad input. */
export function periodOf(q: Pick<ReportQuery, 'quarter' | 'from' | 'to'>, today: string): ReportPeriod {
  if (q.quarter) {
    const [y, n] = q.quarter.split('-Q').map(Number) as [number, number];
    return quarterPeriod(y, n);
  }
  if (q.from || q.to) {
    if (!q.from || !q.to) throw new Error('Give both from and to, or a quarter.');
    if (q.to < q.from) throw new Error('The period ends before it starts.');
    const days = (Date.parse(`${q.to}T00:00:00Z`) - Date.parse(`${q.from}T00:00:00Z`)) / 86_400_000;
    if (days > 3 * 366) throw new Error('Choose a period of at most three years.');
    return { from: q.from, to: q.to, label: `${longDay(q.from)} to ${longDay(q.to)}` };
  }
  const { year, q: n } = quarterOf(today);
  return quarterPeriod(year, n);
}
