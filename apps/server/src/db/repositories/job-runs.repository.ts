import { and, asc, eq, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { alertDeliveries, jobRuns } from '../schema/index.js';

export type JobRunRow = typeof jobRuns.$inferSelect;

export interface JobClaim {
  job: string;
  period: string;
  nodeId: string;
  claimToken: string;
  startedAt: string;
  leaseUntil: string;
}

/**
 * Console-wide claims shared by every console process on one database (scheduler/claims.ts): the
 * runs of scheduled jobs, and the attempts of queued deliveries. Each claim is one statement whose
 * WHERE or unique index decides the winner, so it is atomic on SQLite and PostgreSQL alike.
 */
export class JobRunsRepository {
  constructor(private readonly db: Executor) {}

  /** Claims (job, period): true when this call inserted the row, false when another process holds it. */
  claim(c: JobClaim): boolean {
    return this.db.insert(jobRuns).values(c).onConflictDoNothing().run().changes === 1;
  }

  /** Unfinished runs whose lease ended before `nowIso`, oldest first: their process is taken to be dead. */
  expired(nowIso: string, limit: number): JobRunRow[] {
    return this.db
      .select()
      .from(jobRuns)
      .where(and(isNull(jobRuns.finishedAt), lt(jobRuns.leaseUntil, nowIso)))
      .orderBy(asc(jobRuns.leaseUntil))
      .limit(limit)
      .all();
  }

  /**
   * Takes over a dead claim: succeeds only while the row is still unfinished under the token that
   * was read (two processes taking over the same row: one wins), and its lease has ended.
   */
  takeOver(id: number, previousToken: string, nowIso: string, next: Pick<JobClaim, 'nodeId' | 'claimToken' | 'startedAt' | 'leaseUntil'>): boolean {
    return (
      this.db
        .update(jobRuns)
        .set({ ...next, takeovers: sql`${jobRuns.takeovers} + 1` })
        .where(and(eq(jobRuns.id, id), eq(jobRuns.claimToken, previousToken), isNull(jobRuns.finishedAt), lt(jobRuns.leaseUntil, nowIso)))
        .run().changes === 1
    );
  }

  /** Finishes a run; false when the claim is no longer this token's (it was taken over). */
  finish(job: string, period: string, claimToken: string, done: { finishedAt: string; outcome: 'ok' | 'failed'; summaryJson: string }): boolean {
    return (
      this.db
        .update(jobRuns)
        .set(done)
        .where(and(eq(jobRuns.job, job), eq(jobRuns.period, period), eq(jobRuns.claimToken, claimToken), isNull(jobRuns.finishedAt)))
        .run().changes === 1
    );
  }

  /**
   * Finished job runs started before `beforeIso` (the claims of periods long past). Their `job.ran`
   * audit rows stay: the audit log is append-only.
   */
  pruneBefore(beforeIso: string): number {
    return this.db
      .delete(jobRuns)
      .where(and(lt(jobRuns.startedAt, beforeIso), isNotNull(jobRuns.finishedAt)))
      .run().changes;
  }

  find(job: string, period: string): JobRunRow | undefined {
    return this.db
      .select()
      .from(jobRuns)
      .where(and(eq(jobRuns.job, job), eq(jobRuns.period, period)))
      .get();
  }

  /**
   * Claims the next attempt of a pending delivery for this process: moves its next attempt to
   * `leaseUntil` only if it is still pending and due at the time that was read. Another process
   * reading the same row then finds it not due (or the guard no longer matching) and leaves it; if
   * this process dies while sending, the delivery is due again at `leaseUntil`.
   */
  claimDeliveryAttempt(id: number, seenNextAttemptAt: string, leaseUntil: string): boolean {
    return (
      this.db
        .update(alertDeliveries)
        .set({ nextAttemptAt: leaseUntil })
        .where(and(eq(alertDeliveries.id, id), eq(alertDeliveries.status, 'pending'), eq(alertDeliveries.nextAttemptAt, seenNextAttemptAt)))
        .run().changes === 1
    );
  }
}
