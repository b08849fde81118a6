import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * One row per run of a scheduled job (apps/server/src/scheduler). Console-wide: no organisation.
 * Several console processes share the database; a process runs a job's period only when its
 * INSERT of the (job, period) row succeeded (the unique index decides), so each period runs once.
 * A row left unfinished past lease_until (its process died) may be taken over by another process.
 */
export const jobRuns = sqliteTable(
  'job_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** e.g. "agent-checkin", "retention". */
    job: text('job').notNull(),
    /** The period this run belongs to: the scheduled time (UTC, to the second), or "start:<day>" for a run at start. */
    period: text('period').notNull(),
    /** The console process that holds (or held) the claim: hostname:pid:random. */
    nodeId: text('node_id').notNull(),
    /** Random per claim: finishing or taking over checks it, so a process that lost its claim cannot finish it. */
    claimToken: text('claim_token').notNull(),
    startedAt: text('started_at').notNull(),
    /** After this time an unfinished run is taken to be dead and may be taken over. */
    leaseUntil: text('lease_until').notNull(),
    finishedAt: text('finished_at'),
    /** ok | failed (null while running). */
    outcome: text('outcome'),
    /** Counts or a short summary of what the run did (JSON). */
    summaryJson: text('summary_json'),
    /** How many times a dead claim of this run was taken over. */
    takeovers: integer('takeovers').notNull().default(0),
  },
  (t) => [uniqueIndex('job_runs_job_period_uq').on(t.job, t.period), index('job_runs_unfinished_idx').on(t.finishedAt, t.leaseUntil)],
);
