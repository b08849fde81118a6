import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { type ServiceContext, consoleWideTransaction } from './context.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Raw reports kept this many days by default (the per-device count cap may keep fewer). */
export const DEFAULT_REPORT_RETENTION_DAYS = 30;
/** Daily snapshots kept this many days by default (two years: the trustees' look-back). */
export const DEFAULT_SNAPSHOT_RETENTION_DAYS = 730;
/** Rows deleted per transaction: ingest waits at most one small batch for the write lock. */
export const RETENTION_BATCH = 500;

export interface RetentionResult {
  reportsDeleted: number;
  snapshotsDeleted: number;
  reportsBefore: string;
  snapshotsBefore: string;
  batches: number;
}

/**
 * Deletes raw reports and daily snapshots older than their retention (config.reportRetentionDays,
 * config.snapshotRetentionDays). Runs in bounded batches, each its own short transaction, handing
 * the event loop back between batches so agent acks are not held up. Writes one audit row with the
 * counts. Runs daily and on start (scheduler/retention.job.ts). docs/privacy.md.
 */
export class RetentionService {
  private running: Promise<RetentionResult> | null = null;

  constructor(private readonly ctx: ServiceContext) {}

  /** One run (a second call while one is running gets the same run). */
  run(now: Date = this.ctx.now(), batch = RETENTION_BATCH): Promise<RetentionResult> {
    this.running ??= this.sweep(now, batch).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async sweep(now: Date, batch: number): Promise<RetentionResult> {
    const reportDays = this.ctx.config.reportRetentionDays ?? DEFAULT_REPORT_RETENTION_DAYS;
    const snapshotDays = this.ctx.config.snapshotRetentionDays ?? DEFAULT_SNAPSHOT_RETENTION_DAYS;
    const reportsBefore = new Date(now.getTime() - reportDays * DAY_MS).toISOString();
    const snapshotsBefore = new Date(now.getTime() - snapshotDays * DAY_MS).toISOString().slice(0, 10);
    let reportsDeleted = 0;
    let snapshotsDeleted = 0;
    let batches = 0;
    for (;;) {
      const n = consoleWideTransaction(this.ctx.db, (r) => r.retention.deleteReportsBefore(reportsBefore, batch));
      reportsDeleted += n;
      batches++;
      if (n < batch) break;
      await yieldToEventLoop();
    }
    for (;;) {
      const n = consoleWideTransaction(this.ctx.db, (r) => r.retention.deleteSnapshotsBefore(snapshotsBefore, batch));
      snapshotsDeleted += n;
      batches++;
      if (n < batch) break;
      await yieldToEventLoop();
    }
    const result = { reportsDeleted, snapshotsDeleted, reportsBefore, snapshotsBefore, batches };
    // Console-wide: one sweep for every organisation, one audit row with no organisation.
    consoleWideTransaction(this.ctx.db, (r) =>
      r.audit.append(this.ctx.now().toISOString(), {
        actor: 'system',
        action: 'retention.ran',
        target: null,
        detail: {
          reportsDeleted,
          snapshotsDeleted,
          reportsBefore,
          snapshotsBefore,
          reportRetentionDays: reportDays,
          snapshotRetentionDays: snapshotDays,
        },
      }),
    );
    if (reportsDeleted + snapshotsDeleted > 0)
      this.ctx.log.info({ reportsDeleted, snapshotsDeleted }, 'retention: old reports and snapshots deleted');
    return result;
  }
}
