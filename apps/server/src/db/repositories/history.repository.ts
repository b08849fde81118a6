import { and, asc, eq, sql } from 'drizzle-orm';
import { ControlId, type DeviceStatus, type FindingStatus, type StatusChange } from '@safefleet/protocol';
import type { Executor } from '../client.js';
import { prepared } from '../prepared.js';
import { dailySnapshots, statusChanges } from '../schema/index.js';
import { parseStored } from '../stored-json.js';

const FAILING = ControlId.array();

export type DailySnapshotRow = typeof dailySnapshots.$inferSelect;

/** Status history: status_changes (every transition) and daily_snapshots (one row per device per UTC day). */
export class HistoryRepository {
  constructor(
    private readonly db: Executor,
    private readonly org: number,
  ) {}

  addStatusChange(deviceId: string, at: string, status: DeviceStatus, failing: ControlId[]): void {
    this.db
      .insert(statusChanges)
      .values({ organisationId: this.org, deviceId, at, status, failingJson: JSON.stringify(failing) })
      .run();
  }

  statusChanges(deviceId: string): StatusChange[] {
    return this.db
      .select()
      .from(statusChanges)
      .where(and(eq(statusChanges.organisationId, this.org), eq(statusChanges.deviceId, deviceId)))
      .orderBy(asc(statusChanges.at), asc(statusChanges.id))
      .all()
      .map((r) => ({ at: r.at, status: r.status, failing: parseStored(FAILING, r.failingJson, `failing controls of status change ${r.id}`) }));
  }

  /** Inserts or overwrites the device's snapshot for `day`. */
  upsertSnapshot(day: string, deviceId: string, status: DeviceStatus, controls: Partial<Record<ControlId, FindingStatus>>, updatedAt: string): void {
    const findingsJson = JSON.stringify(controls);
    // Prepared once; an unchanged snapshot is left alone (no page write on every report).
    prepared(this.db, 'history.upsertSnapshot', (db) =>
      db
        .insert(dailySnapshots)
        .values({
          organisationId: sql.placeholder('org'),
          day: sql.placeholder('day'),
          deviceId: sql.placeholder('deviceId'),
          status: sql.placeholder('status'),
          findingsJson: sql.placeholder('findingsJson'),
          updatedAt: sql.placeholder('updatedAt'),
        })
        .onConflictDoUpdate({
          target: [dailySnapshots.day, dailySnapshots.deviceId],
          set: { status: sql`excluded.status`, findingsJson: sql`excluded.findings_json`, updatedAt: sql`excluded.updated_at` },
          setWhere: sql`${dailySnapshots.status} IS NOT excluded.status OR ${dailySnapshots.findingsJson} IS NOT excluded.findings_json`,
        })
        .prepare(),
    ).run({ org: this.org, day, deviceId, status, findingsJson, updatedAt });
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
      .values({ organisationId: this.org, day, deviceId, status, findingsJson: JSON.stringify(controls), updatedAt })
      .onConflictDoNothing()
      .run();
  }

  /**
   * Carry-forward in one statement: every active device without a snapshot for `day` gets one with
   * its current status and control results (what insertSnapshotIfMissing does for one device).
   */
  carryForwardSnapshots(day: string, updatedAt: string): number {
    return this.db.run(
      sql`INSERT OR IGNORE INTO daily_snapshots (organisation_id, day, device_id, status, findings_json, updated_at)
          SELECT d.organisation_id, ${day}, d.id, d.status,
                 COALESCE((SELECT json_group_object(f.control, f.status) FROM findings f WHERE f.device_id = d.id), '{}'),
                 ${updatedAt}
          FROM devices d
          WHERE d.organisation_id = ${this.org} AND d.revoked_at IS NULL
            AND NOT EXISTS (SELECT 1 FROM daily_snapshots s WHERE s.day = ${day} AND s.device_id = d.id)`,
    ).changes;
  }

  snapshotsForDay(day: string): DailySnapshotRow[] {
    return this.db
      .select()
      .from(dailySnapshots)
      .where(and(eq(dailySnapshots.organisationId, this.org), eq(dailySnapshots.day, day)))
      .all();
  }

  snapshotsForDevice(deviceId: string): DailySnapshotRow[] {
    return this.db
      .select()
      .from(dailySnapshots)
      .where(and(eq(dailySnapshots.organisationId, this.org), eq(dailySnapshots.deviceId, deviceId)))
      .orderBy(asc(dailySnapshots.day))
      .all();
  }
}
