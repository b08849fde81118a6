import { randomBytes, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { JobRunRow } from '../db/repositories/job-runs.repository.js';
import { consoleWideTransaction, readConsoleWide, type ServiceContext } from '../services/context.js';

/** What one run of a job did (counts), stored in job_runs.summary_json and the `job.ran` audit row. */
export type JobSummary = Record<string, unknown>;

/**
 * A scheduled job as the claims see it. `console` jobs run once per period across every console
 * process sharing the database; `node` jobs act on this process's own agent connections, so each
 * process runs them once per period (its node id is part of the period key).
 */
export interface ClaimedJob {
  name: string;
  scope: 'console' | 'node';
  /** An unfinished run older than this is taken to be dead (its process stopped) and may be taken over. */
  leaseMs: number;
  run(now: Date): JobSummary | undefined | Promise<JobSummary | undefined>;
}

export type RunOutcome = 'ok' | 'failed';
export type ClaimResult = { ran: false } | { ran: true; outcome: RunOutcome; summary: JobSummary; claimKept: boolean };

/** The largest summary kept (JSON characters); a longer one is replaced by its size. */
const MAX_SUMMARY_CHARS = 4_000;
/** Dead claims looked at per sweep. */
const SWEEP_BATCH = 10;

/** This console process's id: hostname, pid and a random part (a restarted process is a new node). */
export function newNodeId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/** The period key of a scheduled run: the scheduled time in UTC to the second, e.g. "2026-12-03T19:45:00Z". */
export function slotPeriod(slot: Date): string {
  return `${slot.toISOString().slice(0, 19)}Z`;
}

/** The period key of a run made when the console starts: once per UTC day or hour, e.g. "start:2026-12-03". */
export function startPeriod(now: Date, per: 'day' | 'hour'): string {
  return `start:${now.toISOString().slice(0, per === 'day' ? 10 : 13)}`;
}

function summaryJson(summary: JobSummary): string {
  const json = JSON.stringify(summary);
  return json.length <= MAX_SUMMARY_CHARS ? json : JSON.stringify({ summaryChars: json.length });
}

function describe(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 500);
}

/**
 * Runs scheduled jobs once per period across console processes that share one database.
 *
 * A process claims (job, period) by inserting the job_runs row in its own short transaction; the
 * unique index on (job, period) lets exactly one insert succeed (INSERT … ON CONFLICT DO NOTHING),
 * so only that process runs the period. It then finishes the row (outcome, counts) and appends a
 * console-wide `job.ran` audit row in one transaction. A run left unfinished past its lease (its
 * process died) is taken over by the next sweep of any process: one UPDATE guarded by the claim
 * token it read, so two sweepers cannot both take it; the taker runs the job again now.
 */
export class JobClaims {
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly ctx: Pick<ServiceContext, 'db' | 'log' | 'now'>,
    readonly nodeId: string,
  ) {}

  /** The period key this process claims for `job` at `period` (node jobs carry the node id). */
  periodFor(job: ClaimedJob, period: string): string {
    return job.scope === 'node' ? `${period}@${this.nodeId}` : period;
  }

  /** Claims (job, period) and, if this process won, runs the job and records the run. */
  async run(job: ClaimedJob, period: string): Promise<ClaimResult> {
    const key = this.periodFor(job, period);
    const now = this.ctx.now();
    const claimToken = randomUUID();
    let claimed: boolean;
    try {
      claimed = consoleWideTransaction(this.ctx.db, (r) =>
        r.jobRuns.claim({
          job: job.name,
          period: key,
          nodeId: this.nodeId,
          claimToken,
          startedAt: now.toISOString(),
          leaseUntil: new Date(now.getTime() + job.leaseMs).toISOString(),
        }),
      );
    } catch (err) {
      this.ctx.log.error({ err, job: job.name, period: key }, 'could not claim a scheduled job run');
      return { ran: false };
    }
    if (!claimed) {
      this.ctx.log.debug({ job: job.name, period: key }, 'another console process runs this period');
      return { ran: false };
    }
    return this.execute(job, key, claimToken, now);
  }

  /** Waits (at most `timeoutMs`) for the runs this process is making, so a stop leaves none half-recorded. */
  async drain(timeoutMs = 10_000): Promise<void> {
    if (this.inFlight.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled([...this.inFlight]), new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
  }

  /**
   * Takes over runs whose process died (unfinished past their lease) and runs them again now. A
   * node job's run is closed as failed instead (it acted on the dead process's own connections).
   * Returns how many were taken over.
   */
  async sweep(jobs: ReadonlyMap<string, ClaimedJob>): Promise<number> {
    const now = this.ctx.now();
    let rows: JobRunRow[];
    try {
      rows = readConsoleWide(this.ctx.db).jobRuns.expired(now.toISOString(), SWEEP_BATCH);
    } catch (err) {
      this.ctx.log.error({ err }, 'could not look for scheduled job runs to take over');
      return 0;
    }
    let taken = 0;
    for (const row of rows) {
      const job = jobs.get(row.job);
      const claimToken = randomUUID();
      const leaseMs = job?.scope === 'console' ? job.leaseMs : 60_000;
      const won = consoleWideTransaction(this.ctx.db, (r) =>
        r.jobRuns.takeOver(row.id, row.claimToken, now.toISOString(), {
          nodeId: this.nodeId,
          claimToken,
          startedAt: now.toISOString(),
          leaseUntil: new Date(now.getTime() + leaseMs).toISOString(),
        }),
      );
      if (!won) continue;
      taken++;
      this.ctx.log.warn(
        { job: row.job, period: row.period, deadNode: row.nodeId, startedAt: row.startedAt },
        'took over a scheduled job run whose console process stopped',
      );
      const from = { takenOverFrom: row.nodeId };
      if (job?.scope === 'console') {
        await this.execute(job, row.period, claimToken, now, from);
      } else {
        const error = job
          ? 'its console process stopped; this job acts on that process’s own agent connections, so it is not run elsewhere'
          : 'its console process stopped and this console does not know the job';
        this.record(row.job, row.period, claimToken, now, 'failed', { error }, { ...from, scope: job?.scope ?? 'unknown' });
      }
    }
    return taken;
  }

  private execute(job: ClaimedJob, period: string, claimToken: string, startedAt: Date, extra: JobSummary = {}): Promise<ClaimResult> {
    const running = this.runAndRecord(job, period, claimToken, startedAt, extra);
    this.inFlight.add(running);
    void running.finally(() => this.inFlight.delete(running));
    return running;
  }

  private async runAndRecord(job: ClaimedJob, period: string, claimToken: string, startedAt: Date, extra: JobSummary): Promise<ClaimResult> {
    let outcome: RunOutcome = 'ok';
    let summary: JobSummary;
    try {
      summary = (await job.run(startedAt)) ?? {};
    } catch (err) {
      outcome = 'failed';
      summary = { error: describe(err) };
      this.ctx.log.error({ err, job: job.name, period }, `${job.name} job failed`);
    }
    const claimKept = this.record(job.name, period, claimToken, startedAt, outcome, summary, { ...extra, scope: job.scope });
    return { ran: true, outcome, summary, claimKept };
  }

  /** Finishes the run and appends its `job.ran` audit row in one transaction; false when the claim was lost. */
  private record(
    job: string,
    period: string,
    claimToken: string,
    startedAt: Date,
    outcome: RunOutcome,
    summary: JobSummary,
    extra: JobSummary,
  ): boolean {
    const finished = this.ctx.now();
    const counts = summaryJson(summary);
    try {
      return consoleWideTransaction(this.ctx.db, (r) => {
        const kept = r.jobRuns.finish(job, period, claimToken, { finishedAt: finished.toISOString(), outcome, summaryJson: counts });
        if (!kept) {
          this.ctx.log.warn({ job, period }, 'a scheduled job run finished after another console process took it over');
        }
        r.audit.append(finished.toISOString(), {
          actor: 'system',
          action: 'job.ran',
          target: `job:${job}`,
          detail: {
            job,
            period,
            node: this.nodeId,
            outcome,
            counts: JSON.parse(counts) as unknown,
            durationMs: finished.getTime() - startedAt.getTime(),
            ...extra,
            ...(kept ? {} : { claimLost: true }),
          },
        });
        return kept;
      });
    } catch (err) {
      this.ctx.log.error({ err, job, period }, 'could not record a scheduled job run');
      return false;
    }
  }
}
