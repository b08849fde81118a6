import { sql } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { dailySnapshots, devices, reports } from '../schema/index.js';

/** Bounded deletes for the retention job (services/retention.service.ts): each call removes at most `limit` rows. */
export class RetentionRepository {
  constructor(private readonly db: Executor) {}

  /**
   * Deletes up to `limit` raw reports received before `cutoff` (ISO time). A device's latest report
   * stays whatever its age: the console shows that device's facts from it.
   */
  deleteReportsBefore(cutoff: string, limit: number): number {
    return this.db.run(sql`
      delete from ${reports} where ${reports.reportId} in (
        select r.report_id from ${reports} r
        where r.received_at < ${cutoff}
          and not exists (select 1 from ${devices} d where d.latest_report_id = r.report_id)
        limit ${limit}
      )`).changes;
  }

  /** Deletes up to `limit` daily snapshots of days before `cutoffDay` (YYYY-MM-DD). */
  deleteSnapshotsBefore(cutoffDay: string, limit: number): number {
    return this.db.run(sql`
      delete from ${dailySnapshots} where rowid in (
        select rowid from ${dailySnapshots} where ${dailySnapshots.day} < ${cutoffDay} limit ${limit}
      )`).changes;
  }
}
