import { useId } from 'react';
import type { FleetTrendPoint } from '@safefleet/protocol';
import { compliancePercent, trendGeometry } from '../lib/trend';
import { formatDate } from '../lib/format';

const pctText = (n: number | null) => (n === null ? '—' : `${n}%`);
const BOX = { width: 720, height: 220, left: 44, right: 12, top: 12, bottom: 28 };

/** Compliance % per day as an SVG line, with the numbers as a table for screen readers and print. */
export function TrendChart({ points, days, endDay }: { points: FleetTrendPoint[]; days: number; endDay: string }) {
  const id = useId();
  const g = trendGeometry(points, days, endDay, BOX);
  const last = g.dots[g.dots.length - 1];
  const first = g.dots[0];
  const summary =
    first && last
      ? `Compliant devices went from ${first.percent}% on ${formatDate(first.day)} to ${last.percent}% on ${formatDate(last.day)}.`
      : 'No daily snapshots yet: the trend appears after devices have reported.';
  return (
    <figure className="trend">
      <svg
        viewBox={`0 0 ${BOX.width} ${BOX.height}`}
        role="img"
        aria-labelledby={`${id}-t ${id}-d`}
        className="trend__svg"
        preserveAspectRatio="xMidYMid meet"
      >
        <title id={`${id}-t`}>{`Compliant devices over the last ${days} days`}</title>
        <desc id={`${id}-d`}>{summary}</desc>
        {g.yTicks.map((t) => (
          <g key={t.label}>
            <line x1={BOX.left} x2={BOX.width - BOX.right} y1={t.y} y2={t.y} className="trend__grid" />
            <text x={BOX.left - 6} y={t.y + 4} textAnchor="end" className="trend__label">
              {t.label}
            </text>
          </g>
        ))}
        {g.xTicks.map((t) => (
          <text key={`${t.x}`} x={t.x} y={BOX.height - 8} textAnchor="middle" className="trend__label">
            {t.label}
          </text>
        ))}
        <path d={g.area} className="trend__area" />
        <path d={g.line} className="trend__line" />
        {g.dots.length <= 40 && g.dots.map((d) => <circle key={d.day} cx={d.x} cy={d.y} r={2.5} className="trend__dot" />)}
      </svg>
      <figcaption>{summary}</figcaption>
      <details className="trend__table">
        <summary>Show the numbers</summary>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Devices</th>
                <th scope="col">Compliant</th>
                <th scope="col">In grace period</th>
                <th scope="col">Not compliant</th>
                <th scope="col">Not evaluated</th>
                <th scope="col">Stale</th>
                <th scope="col">% compliant</th>
              </tr>
            </thead>
            <tbody>
              {[...points].reverse().map((p) => (
                <tr key={p.day}>
                  <th scope="row">{formatDate(p.day)}</th>
                  <td>{p.total}</td>
                  <td>{p.compliant}</td>
                  <td>{p.grace}</td>
                  <td>{p.noncompliant}</td>
                  <td>{p.notEvaluated}</td>
                  <td>{p.stale}</td>
                  <td>{pctText(compliancePercent(p.compliant, p.total))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
