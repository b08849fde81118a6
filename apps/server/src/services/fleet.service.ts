import { emptyFleetSummary, type FleetSummary } from '@safefleet/protocol';
import { read, type ServiceContext } from './context.js';
import type { DevicesService } from './devices.service.js';

/** Fleet-wide counts over non-revoked devices, as of now (same read-time status as the device list). */
export class FleetService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly devices: DevicesService,
  ) {}

  summary(): FleetSummary {
    const rows = read(this.ctx.db).devices.list();
    const current = this.devices.current(rows);
    const out = emptyFleetSummary();
    out.total = rows.length;
    for (const { status, findings } of current.values()) {
      out.byStatus[status]++;
      for (const f of findings) {
        const counts = out.byControl[f.control];
        if (counts) counts[f.status]++;
      }
    }
    return out;
  }
}
