import type { Services } from '../services/index.js';
import { transaction } from '../services/context.js';

/** Daily at 03:41 (a quiet minute most other jobs avoid); also once when the console starts. */
export const RETENTION_CRON = '41 3 * * *';

/** The scheduler's own history (job_runs rows and `job.ran` audit rows) is kept this many days. */
export const JOB_HISTORY_DAYS = 30;

/**
 * One run of the retention job: raw reports and snapshots past their keep period, then the
 * scheduler's history older than JOB_HISTORY_DAYS. Throws on failure (the run is recorded failed).
 */
export async function runRetentionJob(services: Services, now: Date = services.ctx.now()): Promise<Record<string, unknown>> {
  const result = await services.retention.run(now);
  const before = new Date(now.getTime() - JOB_HISTORY_DAYS * 24 * 60 * 60 * 1000).toISOString();
  const pruned = transaction(services.ctx.db, (r) => r.jobRuns.pruneBefore(before));
  return {
    reportsDeleted: result.reportsDeleted,
    snapshotsDeleted: result.snapshotsDeleted,
    jobRunsDeleted: pruned.runs,
    jobAuditRowsDeleted: pruned.auditRows,
  };
}
