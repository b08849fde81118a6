import { and, eq } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { alerts, dailySnapshots, devices, findings, passwordPrompts, reports, statusChanges } from '../schema/index.js';

/** Tables holding rows about one device (all deleted with it by ON DELETE CASCADE). */
const TABLES = {
  reports,
  findings,
  statusChanges,
  dailySnapshots,
  alerts,
  passwordPrompts,
} as const;

/** Everything stored about one device, for its export and its erasure (privacy). */
export class DeviceDataRepository {
  constructor(
    private readonly db: Executor,
    private readonly org: number,
  ) {}

  /** Every row about the device, per table. */
  rows(deviceId: string): Record<string, Array<Record<string, unknown>>> {
    const out: Record<string, Array<Record<string, unknown>>> = {};
    for (const [name, table] of Object.entries(TABLES)) {
      out[name] = this.db
        .select()
        .from(table)
        .where(and(eq(table.organisationId, this.org), eq(table.deviceId, deviceId)))
        .all() as Array<Record<string, unknown>>;
    }
    return out;
  }

  /** Deletes the device row (its credential) and, by cascade, every row about it; counts per table. */
  erase(deviceId: string): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const [name, table] of Object.entries(TABLES)) {
      counts[name] = this.db
        .delete(table)
        .where(and(eq(table.organisationId, this.org), eq(table.deviceId, deviceId)))
        .run().changes;
    }
    counts.devices = this.db
      .delete(devices)
      .where(and(eq(devices.organisationId, this.org), eq(devices.id, deviceId)))
      .run().changes;
    return counts;
  }
}
