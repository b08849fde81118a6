import { CONTROL_IDS, DEVICE_STATUSES, emptyFleetSummary, type ControlId, type DeviceStatus, type FleetSummary } from '@safefleet/protocol';
import { read, type ServiceContext } from './context.js';
import { loadPolicy } from './stored-policy.js';

const STATUSES = new Set<string>(DEVICE_STATUSES);
const CONTROLS = new Set<string>(CONTROL_IDS);
const FINDING_KEYS = new Set(['pass', 'grace', 'fail', 'unknown']);

/**
 * Fleet-wide counts over non-revoked devices, as of now. Reads the counts maintained at write time
 * (a few rows) and moves devices that fell silent since the last check-in run to stale, so the
 * figures match the device list's read-time status.
 */
export class FleetService {
  constructor(private readonly ctx: ServiceContext) {}

  summary(): FleetSummary {
    const r = read(this.ctx.db);
    const out = emptyFleetSummary();
    for (const row of r.fleetCounts.all()) {
      if (row.kind === 'status' && STATUSES.has(row.status)) out.byStatus[row.status as DeviceStatus] += row.n;
      else if (row.kind === 'control' && CONTROLS.has(row.key) && FINDING_KEYS.has(row.status)) {
        const counts = out.byControl[row.key as ControlId];
        if (counts) counts[row.status as keyof typeof counts] += row.n;
      }
    }
    const policy = loadPolicy(r, this.ctx.log);
    if (!policy.disabledControls.includes('agent-checkin')) {
      const cutoff = new Date(this.ctx.now().getTime() - policy.agentCheckin.windowHours * 3_600_000).toISOString();
      const checkin = out.byControl['agent-checkin'];
      for (const d of r.fleetCounts.silentNotYetStale(cutoff)) {
        if (STATUSES.has(d.status) && d.status !== 'stale') {
          out.byStatus[d.status as DeviceStatus]--;
          out.byStatus.stale++;
        }
        if (checkin && FINDING_KEYS.has(d.checkin)) {
          checkin[d.checkin as keyof typeof checkin]--;
          checkin.fail++;
        }
      }
    }
    out.total = Object.values(out.byStatus).reduce((a, b) => a + b, 0);
    return out;
  }
}
