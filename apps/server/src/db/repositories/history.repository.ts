import { asc, eq } from 'drizzle-orm';
import type { ControlId, DeviceStatus, FindingStatus, StatusChange } from '@safefleet/protocol';
import type { Executor } from '../client.js';
import { dailySnapshots, statusChanges } from '../schema/index.js';

export type DailySnapshotRow = typeof dailySnapshots.$inferSelect;

/** Status history: status_changes (every transition) and daily_snapshots (one row per device per UTC day). */
export class HistoryRepository {
  constructor(private readonly db: Executor) {}

  addStatusChange(deviceId: string, at: string, status: DeviceStatus, failing: ControlId[]): void {
    this.db.insert(statusChanges).values({ deviceId, at, status, failingJson: JSON.stringify(failing) }).run();
  }

  statusChanges(deviceId: string): StatusChange[] {
    return this.db
      .select()
      .from(statusChanges)
      .where(eq(statusChanges.deviceId, deviceId))
      .orderBy(asc(statusChanges.at), asc(statusChanges.id))
      .all()
      .map((r) => ({ at: r.at, status: r.status, failing: JSON.parse(r.failingJson) as ControlId[] }));
  }

  /** Inserts or overwrites the device's snapshot for `day`. */
  upsertSnapshot(
    day: string,
    deviceId: string,
    status: DeviceStatus,
    controls: Partial<Record<ControlId, FindingStatus>>,
    updatedAt: string,
  ): void {
    const findingsJson = JSON.stringify(controls);
    this.db
      .insert(dailySnapshots)
      .values({ day, deviceId, status, findingsJson, updatedAt })
      .onConflictDoUpdate({
        target: [dailySnapshots.day, dailySnapshots.deviceId],
        set: { status, findingsJson, updatedAt },
      })
      .run();
  }

  /** Inserts the snapshot only if the device has none for `day` (carry-forward on quiet days). */
  insertSnapshotIfMissing(
    day: string,
    deviceId: string,
    status: DeviceStatus,
    controls: Partial<Record<ControlId, FindingStatus>>,
    updatedAt: string,
  ): void {
    this.db
      .insert(dailySnapshots)
      .values({ day, deviceId, status, findingsJson: JSON.stringify(controls), updatedAt })
      .onConflictDoNothing()
      .run();
  }

  snapshotsForDay(day: string): DailySnapshotRow[] {
    return this.db.select().from(dailySnapshots).where(eq(dailySnapshots.day, day)).all();
  }

  snapshotsForDevice(deviceId: string): DailySnapshotRow[] {
    return this.db
      .select()
      .from(dailySnapshots)
      .where(eq(dailySnapshots.deviceId, deviceId))
      .orderBy(asc(dailySnapshots.day))
      .all();
  }
}
