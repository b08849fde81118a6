import type { FleetTrend, FleetTrendPoint } from '@safefleet/protocol';
import { utcDay } from './compliance.js';
import { read, type ServiceContext } from './context.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Fleet status per UTC day, counted from daily snapshots (GET /api/fleet/trend). */
export class TrendService {
  constructor(private readonly ctx: ServiceContext) {}

  /** The `days` UTC days ending today (inclusive), ascending; days without any snapshot left out. */
  trend(days: number): FleetTrend {
    const now = this.ctx.now();
    const to = utcDay(now);
    const from = utcDay(new Date(now.getTime() - (days - 1) * DAY_MS));
    const points = new Map<string, FleetTrendPoint>();
    for (const { day, status, n } of read(this.ctx).trend.countsByDay(from, to)) {
      let p = points.get(day);
      if (!p) {
        p = { day, total: 0, compliant: 0, grace: 0, noncompliant: 0, notEvaluated: 0, stale: 0 };
        points.set(day, p);
      }
      p[status] += n;
      p.total += n;
    }
    return [...points.values()].sort((a, b) => a.day.localeCompare(b.day));
  }
}
