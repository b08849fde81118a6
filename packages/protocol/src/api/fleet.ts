import { z } from 'zod';
import { CONTROL_IDS, ControlId } from '../compliance.js';
import { DEVICE_KINDS, type DeviceKind } from '../devices/source.js';

const Counts = z.object({
  pass: z.number().int(),
  grace: z.number().int(),
  fail: z.number().int(),
  unknown: z.number().int(),
});

/** Devices per status and findings per control, for the whole fleet or one kind of device. */
export const FleetCounts = z.object({
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
export type FleetCounts = z.infer<typeof FleetCounts>;

/**
 * GET /api/fleet/summary: the whole fleet, and `byKind` the same counts for each kind of device
 * (laptop, desktop, tablet, phone; every kind present, zeros included), so the overview can be
 * filtered by kind without another request. All counts are kept at write time.
 */
export const FleetSummary = FleetCounts.extend({
  byKind: z.object({
    laptop: FleetCounts,
    desktop: FleetCounts,
    tablet: FleetCounts,
    phone: FleetCounts,
  } satisfies Record<DeviceKind, typeof FleetCounts>),
});
export type FleetSummary = z.infer<typeof FleetSummary>;

export function emptyFleetCounts(): FleetCounts {
  const byControl = {} as FleetCounts['byControl'];
  for (const c of CONTROL_IDS) byControl[c] = { pass: 0, grace: 0, fail: 0, unknown: 0 };
  return { total: 0, byStatus: { compliant: 0, grace: 0, noncompliant: 0, notEvaluated: 0, stale: 0 }, byControl };
}

export function emptyFleetSummary(): FleetSummary {
  const byKind = {} as FleetSummary['byKind'];
  for (const k of DEVICE_KINDS) byKind[k] = emptyFleetCounts();
  return { ...emptyFleetCounts(), byKind };
}
