import {
  CONTROL_IDS,
  DEVICE_KINDS,
  DEVICE_STATUSES,
  emptyFleetSummary,
  type ControlId,
  type DeviceKind,
  type DeviceStatus,
  type FleetCounts,
  type FleetSummary,
} from '@safefleet/protocol';
import { read, type ServiceContext } from './context.js';
import { loadPolicy } from './stored-policy.js';

const STATUSES = new Set<string>(DEVICE_STATUSES);
const CONTROLS = new Set<string>(CONTROL_IDS);
const FINDING_KEYS = new Set(['pass', 'grace', 'fail', 'unknown']);
const KINDS = new Set<string>(DEVICE_KINDS);

/**
 * Fleet-wide counts over non-revoked devices, as of now. Reads the counts maintained at write time
 * (a few rows) and moves devices that fell silent since the last check-in run to stale, so the
 * figures match the device list's read-time status.
 */
export class FleetService {
  constructor(private readonly ctx: ServiceContext) {}

  summary(): FleetSummary {
    const r = read(this.ctx);
    const out = emptyFleetSummary();
    const addFinding = (counts: FleetCounts, control: string, status: string, n: number) => {
      if (!CONTROLS.has(control) || !FINDING_KEYS.has(status)) return;
      const c = counts.byControl[control as ControlId];
      if (c) c[status as keyof typeof c] += n;
    };
    const kindOf = (key: string): FleetCounts | undefined => (KINDS.has(key) ? out.byKind[key as DeviceKind] : undefined);
    for (const row of r.fleetCounts.all()) {
      if (row.kind === 'status' && STATUSES.has(row.status)) out.byStatus[row.status as DeviceStatus] += row.n;
      else if (row.kind === 'control') addFinding(out, row.key, row.status, row.n);
      else if (row.kind === 'device-kind' && STATUSES.has(row.status)) {
        const k = kindOf(row.key);
        if (k) k.byStatus[row.status as DeviceStatus] += row.n;
      } else if (row.kind === 'kind-control') {
        const colon = row.key.indexOf(':');
        const k = kindOf(row.key.slice(0, colon));
        if (k) addFinding(k, row.key.slice(colon + 1), row.status, row.n);
      }
    }
    const policy = loadPolicy(r, this.ctx.log);
    if (!policy.disabledControls.includes('agent-checkin')) {
      const cutoff = new Date(this.ctx.now().getTime() - policy.agentCheckin.windowHours * 3_600_000).toISOString();
      for (const d of r.fleetCounts.silentNotYetStale(cutoff)) {
        const kind = kindOf(d.kind);
        for (const counts of kind ? [out, kind] : [out]) {
          if (STATUSES.has(d.status) && d.status !== 'stale') {
            counts.byStatus[d.status as DeviceStatus]--;
            counts.byStatus.stale++;
          }
          const checkin = counts.byControl['agent-checkin'];
          if (checkin && FINDING_KEYS.has(d.checkin)) {
            checkin[d.checkin as keyof typeof checkin]--;
            checkin.fail++;
          }
        }
      }
    }
    for (const counts of [out, ...Object.values(out.byKind)]) counts.total = Object.values(counts.byStatus).reduce((a, b) => a + b, 0);
    return out;
  }
}
