import { and, desc, eq, notInArray } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { reports } from '../schema/index.js';

export type ReportRow = typeof reports.$inferSelect;

export class ReportsRepository {
  constructor(private readonly db: Executor) {}

  /** Inserts the report unless its report_id exists; returns false for a duplicate. */
  insertIfNew(row: ReportRow): boolean {
    const r = this.db.insert(reports).values(row).onConflictDoNothing({ target: reports.reportId }).run();
    return r.changes > 0;
  }

  findById(reportId: string): ReportRow | undefined {
    return this.db.select().from(reports).where(eq(reports.reportId, reportId)).get();
  }

  /** Keeps the newest `keep` reports of a device (by received time) and deletes the rest. */
  prune(deviceId: string, keep: number): number {
    const newest = this.db
      .select({ id: reports.reportId })
      .from(reports)
      .where(eq(reports.deviceId, deviceId))
      .orderBy(desc(reports.receivedAt), desc(reports.seq))
      .limit(keep);
    return this.db
      .delete(reports)
      .where(and(eq(reports.deviceId, deviceId), notInArray(reports.reportId, newest)))
      .run().changes;
  }
}
