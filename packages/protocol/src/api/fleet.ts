import { z } from 'zod';
import { CONTROL_IDS, ControlId } from '../compliance.js';

const Counts = z.object({
  pass: z.number().int(),
  grace: z.number().int(),
  fail: z.number().int(),
  unknown: z.number().int(),
});

/** GET /api/fleet/summary */
export const FleetSummary = z.object({
  total: z.number().int(),
  byStatus: z.object({
    compliant: z.number().int(),
    grace: z.number().int(),
    noncompliant: z.number().int(),
    notEvaluated: z.number().int(),
    stale: z.number().int(),
  }),
  byControl: z.record(ControlId, Counts),
});
export type FleetSummary = z.infer<typeof FleetSummary>;

export function emptyFleetSummary(): FleetSummary {
  const byControl = {} as FleetSummary['byControl'];
  for (const c of CONTROL_IDS) byControl[c] = { pass: 0, grace: 0, fail: 0, unknown: 0 };
  return { total: 0, byStatus: { compliant: 0, grace: 0, noncompliant: 0, notEvaluated: 0, stale: 0 }, byControl };
}
