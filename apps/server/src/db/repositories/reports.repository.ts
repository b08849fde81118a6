import { and, desc, eq, notInArray, sql } from 'drizzle-orm';
import { Facts } from '@safefleet/protocol';
import type { Executor } from '../client.js';
import { prepared } from '../prepared.js';
import { reports } from '../schema/index.js';
import { parseStored } from '../stored-json.js';

export type ReportRow = typeof reports.$inferSelect;

export class ReportsRepository {
  constructor(
    private readonly db: Executor,
    private readonly org: number,
  ) {}

  /** Inserts the report unless its report_id exists; returns false for a duplicate. */
  insertIfNew(row: Omit<typeof reports.$inferInsert, 'organisationId'>): boolean {
    const r = prepared(this.db, 'reports.insertIfNew', (db) =>
      db
        .insert(reports)
        .values({
          organisationId: sql.placeholder('org'),
          reportId: sql.placeholder('reportId'),
          deviceId: sql.placeholder('deviceId'),
          seq: sql.placeholder('seq'),
          collectedAt: sql.placeholder('collectedAt'),
          receivedAt: sql.placeholder('receivedAt'),
          factsJson: sql.placeholder('factsJson'),
          clockNote: sql.placeholder('clockNote'),
          sizeBytes: sql.placeholder('sizeBytes'),
        })
        .onConflictDoNothing({ target: reports.reportId })
        .prepare(),
    ).run({ ...row, org: this.org, clockNote: row.clockNote ?? null, sizeBytes: row.sizeBytes ?? Buffer.byteLength(row.factsJson) });
    return r.changes > 0;
  }

  /** Who sent a report and when it was collected, without reading its facts (hot path). */
  headerOf(reportId: string): { deviceId: string; collectedAt: string } | undefined {
    return prepared(this.db, 'reports.headerOf', (db) =>
      db
        .select({ deviceId: reports.deviceId, collectedAt: reports.collectedAt })
        .from(reports)
        .where(and(eq(reports.reportId, sql.placeholder('id')), eq(reports.organisationId, sql.placeholder('org'))))
        .prepare(),
    ).get({ id: reportId, org: this.org });
  }

  /**
   * Keeps the newest `keep` reports of a device (by received time) and deletes older ones: one
   * indexed statement (device_id, received_at), cheap enough to run on every report.
   */
  pruneOlder(deviceId: string, keep: number): number {
    return prepared(this.db, 'reports.pruneOlder', (db) =>
      db
        .delete(reports)
        .where(
          sql`${reports.organisationId} = ${sql.placeholder('org')} AND ${reports.deviceId} = ${sql.placeholder('deviceId')} AND ${reports.receivedAt} < (SELECT r2.received_at FROM ${reports} r2 WHERE r2.device_id = ${sql.placeholder('deviceId')} ORDER BY r2.received_at DESC LIMIT 1 OFFSET ${sql.placeholder('keep')})`,
        )
        .prepare(),
    ).run({ org: this.org, deviceId, keep: Math.max(0, keep - 1) }).changes;
  }

  /** The facts of a stored report, parsed with the protocol schema (StoredDataError if damaged). */
  factsOf(reportId: string): Facts | undefined {
    const row = prepared(this.db, 'reports.factsOf', (db) =>
      db
        .select({ factsJson: reports.factsJson })
        .from(reports)
        .where(and(eq(reports.reportId, sql.placeholder('id')), eq(reports.organisationId, sql.placeholder('org'))))
        .prepare(),
    ).get({ id: reportId, org: this.org });
    return row ? parseStored(Facts, row.factsJson, `facts of report ${reportId}`) : undefined;
  }

  findById(reportId: string): ReportRow | undefined {
    return this.db
      .select()
      .from(reports)
      .where(and(eq(reports.reportId, reportId), eq(reports.organisationId, this.org)))
      .get();
  }

  /** Keeps the newest `keep` reports of a device (by received time) and deletes the rest. */
  prune(deviceId: string, keep: number): number {
    const newest = this.db
      .select({ id: reports.reportId })
      .from(reports)
      .where(and(eq(reports.organisationId, this.org), eq(reports.deviceId, deviceId)))
      .orderBy(desc(reports.receivedAt), desc(reports.seq))
      .limit(keep);
    return this.db
      .delete(reports)
      .where(and(eq(reports.organisationId, this.org), eq(reports.deviceId, deviceId), notInArray(reports.reportId, newest)))
      .run().changes;
  }

  /**
   * Deletes a device's oldest reports (by receive order) beyond `maxBytes` of stored facts; the
   * newest report always stays. Returns how many were deleted.
   */
  pruneBytes(deviceId: string, maxBytes: number): number {
    return this.db.run(sql`
      delete from ${reports} where ${reports.reportId} in (
        select report_id from (
          select report_id, sum(size_bytes) over (order by received_at desc, seq desc rows unbounded preceding) as total,
                 row_number() over (order by received_at desc, seq desc) as n
          from ${reports} where ${reports.organisationId} = ${this.org} and ${reports.deviceId} = ${deviceId}
        ) where total > ${maxBytes} and n > 1
      )`).changes;
  }
}
