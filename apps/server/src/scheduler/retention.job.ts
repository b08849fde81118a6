import type { Services } from '../services/index.js';
import { consoleWideTransaction } from '../services/context.js';

/** Daily at 03:41 (a quiet minute most other jobs avoid); also once when the console starts. */
export const RETENTION_CRON = '41 3 * * *';

/** Finished job_runs rows are kept this many days (their `job.ran` audit rows stay: the audit log is append-only). */
export const JOB_HISTORY_DAYS = 30;

/**
 * One run of the retention job: raw reports and snapshots past their keep period, then finished
 * job_runs rows older than JOB_HISTORY_DAYS. Throws on failure (the run is recorded failed).
 */
export async function runRetentionJob(services: Services, now: Date = services.ctx.now()): Promise<Record<string, unknown>> {
  const result = await services.retention.run(now);
  const before = new Date(now.getTime() - JOB_HISTORY_DAYS * 24 * 60 * 60 * 1000).toISOString();
  const pruned = consoleWideTransaction(services.ctx.db, (r) => r.jobRuns.pruneBefore(before));
  return { reportsDeleted: result.reportsDeleted, snapshotsDeleted: result.snapshotsDeleted, jobRunsDeleted: pruned };
}
