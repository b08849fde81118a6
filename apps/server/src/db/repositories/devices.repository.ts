import { and, asc, eq, isNull } from 'drizzle-orm';
import type { DeviceStatus } from '@safefleet/protocol';
import type { Executor } from '../client.js';
import { devices } from '../schema/index.js';

export type DeviceRow = typeof devices.$inferSelect;
export type NewDeviceRow = typeof devices.$inferInsert;

export class DevicesRepository {
  constructor(private readonly db: Executor) {}

  create(row: NewDeviceRow): DeviceRow {
    return this.db.insert(devices).values(row).returning().get();
  }

  findById(id: string): DeviceRow | undefined {
    return this.db.select().from(devices).where(eq(devices.id, id)).get();
  }

  /** Devices ordered by hostname; revoked ones only when asked. */
  list(opts: { includeRevoked?: boolean } = {}): DeviceRow[] {
    const q = this.db.select().from(devices);
    return (opts.includeRevoked ? q : q.where(isNull(devices.revokedAt)))
      .orderBy(asc(devices.hostname), asc(devices.id))
      .all();
  }

  update(id: string, patch: Partial<Omit<DeviceRow, 'id'>>): void {
    this.db.update(devices).set(patch).where(eq(devices.id, id)).run();
  }

  setStatus(id: string, status: DeviceStatus): void {
    this.db.update(devices).set({ status }).where(eq(devices.id, id)).run();
  }

  /** Sets revoked_at once; returns false when the device was already revoked or does not exist. */
  revoke(id: string, at: string): boolean {
    return (
      this.db
        .update(devices)
        .set({ revokedAt: at })
        .where(and(eq(devices.id, id), isNull(devices.revokedAt)))
        .run().changes > 0
    );
  }
}
