import { z } from 'zod';

/**
 * GET /api/fleet/trend?days=90 (signed in, any role) → FleetTrend.
 * The query is validated with FleetTrendQuery (400 otherwise).
 */
export const FleetTrendQuery = z.object({
  days: z.coerce.number().int().min(1).max(366).default(90),
});
export type FleetTrendQuery = z.infer<typeof FleetTrendQuery>;

/**
 * One UTC day of the fleet, counted from daily snapshots (one row per device per day: the device's
 * last status that day). Counts devices that were enrolled and not revoked on that day.
 * total = compliant + grace + noncompliant + notEvaluated + stale.
 */
export const FleetTrendPoint = z.object({
  /** UTC day, YYYY-MM-DD. */
  day: z.iso.date(),
  total: z.number().int().nonnegative(),
  compliant: z.number().int().nonnegative(),
  grace: z.number().int().nonnegative(),
  noncompliant: z.number().int().nonnegative(),
  notEvaluated: z.number().int().nonnegative(),
  stale: z.number().int().nonnegative(),
});
export type FleetTrendPoint = z.infer<typeof FleetTrendPoint>;

/**
 * Points for the `days` UTC days ending today (inclusive), ascending by day. A day with no snapshot
 * at all (before the first device, or the console was off and nothing was carried forward) is left
 * out; the chart shows it as a gap. Today's point is today's snapshots so far.
 */
export const FleetTrend = z.array(FleetTrendPoint);
export type FleetTrend = z.infer<typeof FleetTrend>;
