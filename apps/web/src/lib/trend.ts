import type { FleetSummary, FleetTrendPoint } from '@safefleet/protocol';

const DAY = 86_400_000;

/** Compliant devices as a whole percentage of all devices; null when there are none. */
export function compliancePercent(compliant: number, total: number): number | null {
  if (total <= 0) return null;
  return Math.round((compliant / total) * 100);
}

export function fleetPercent(summary: FleetSummary): number | null {
  return compliancePercent(summary.byStatus.compliant, summary.total);
}

export interface TrendBox {
  width: number;
  height: number;
  /** Space kept for axis labels. */
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export interface TrendGeometry {
  /** SVG path of compliance % over time; a day without data breaks the line. */
  line: string;
  /** Closed path under the line, per unbroken run. */
  area: string;
  dots: Array<{ x: number; y: number; day: string; percent: number }>;
  /** Horizontal grid lines at 0, 25, 50, 75, 100 %. */
  yTicks: Array<{ y: number; label: string }>;
  /** One tick per month start within the range. */
  xTicks: Array<{ x: number; label: string }>;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const r1 = (n: number) => Math.round(n * 10) / 10;

function dayIndex(day: string, start: number): number {
  return Math.round((Date.parse(`${day}T00:00:00Z`) - start) / DAY);
}

/**
 * Geometry of the trend chart: x = day within the `days` days ending `endDay` (inclusive), y =
 * compliance %. Points outside the range or with no devices are left out.
 */
export function trendGeometry(points: readonly FleetTrendPoint[], days: number, endDay: string, box: TrendBox): TrendGeometry {
  const end = Date.parse(`${endDay}T00:00:00Z`);
  const start = end - (days - 1) * DAY;
  const plotW = box.width - box.left - box.right;
  const plotH = box.height - box.top - box.bottom;
  const x = (i: number) => r1(box.left + (days <= 1 ? plotW / 2 : (i / (days - 1)) * plotW));
  const y = (pct: number) => r1(box.top + plotH - (pct / 100) * plotH);
  const baseline = r1(box.top + plotH);

  const dots: TrendGeometry['dots'] = [];
  const runs: Array<typeof dots> = [];
  let prev = -2;
  for (const p of [...points].sort((a, b) => a.day.localeCompare(b.day))) {
    const i = dayIndex(p.day, start);
    const pct = compliancePercent(p.compliant, p.total);
    if (i < 0 || i >= days || pct === null) continue;
    const dot = { x: x(i), y: y(pct), day: p.day, percent: pct };
    dots.push(dot);
    if (i !== prev + 1 || runs.length === 0) runs.push([]);
    runs[runs.length - 1]!.push(dot);
    prev = i;
  }
  const line = runs.map((run) => run.map((d, k) => `${k === 0 ? 'M' : 'L'}${d.x},${d.y}`).join(' ')).join(' ');
  const area = runs
    .filter((run) => run.length > 1)
    .map((run) => `M${run[0]!.x},${baseline} ${run.map((d) => `L${d.x},${d.y}`).join(' ')} L${run[run.length - 1]!.x},${baseline} Z`)
    .join(' ');

  const yTicks = [0, 25, 50, 75, 100].map((v) => ({ y: y(v), label: `${v}%` }));
  const xTicks: TrendGeometry['xTicks'] = [];
  for (let i = 0; i < days; i++) {
    const d = new Date(start + i * DAY);
    if (d.getUTCDate() === 1) xTicks.push({ x: x(i), label: `${MONTHS[d.getUTCMonth()]}` });
  }
  return { line, area, dots, yTicks, xTicks };
}
