import type { Statement } from 'better-sqlite3';
import { sqliteOf, type Db } from '../db/client.js';
import { repositories, type Repositories } from '../db/repositories/index.js';

/** How long the first write of a batch waits for others to join it, unless configured. */
export const DEFAULT_GROUP_COMMIT_MS = 4;
/** A batch is committed at once when this many writes are waiting. */
export const DEFAULT_GROUP_COMMIT_MAX = 256;

interface Job {
  organisationId: number;
  work: (r: Repositories) => unknown;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit. With `synchronous=FULL` every commit is an fsync; committing each agent's hello and
 * report alone made a connect storm of 20,000 hellos take 20,000 fsyncs in a row. Writes handed to
 * `run` wait a few milliseconds for others, then all run in ONE immediate transaction, each inside
 * its own savepoint (one write that throws is rolled back alone and its promise rejects; the others
 * still commit). Every promise settles only after the COMMIT returned, so a caller that acks on
 * resolve still acks only what is on disk. If the commit itself fails (disk full, locked), every
 * write of the batch rejects and nothing is acked.
 */
export class GroupCommit {
  private pending: Job[] = [];
  private timer: NodeJS.Timeout | undefined;
  private statements: Record<'savepoint' | 'release' | 'rollbackTo', Statement> | undefined;
  /** Batches committed and writes in them, for the log and the bench. */
  readonly stats = { batches: 0, writes: 0, largest: 0 };

  constructor(
    private readonly db: Db,
    private readonly windowMs = DEFAULT_GROUP_COMMIT_MS,
    private readonly maxBatch = DEFAULT_GROUP_COMMIT_MAX,
  ) {}

  /**
   * Runs `work` with organisation `organisationId`'s repositories in the next batch's transaction;
   * resolves with its result once committed. One batch holds writes of every organisation (one fsync).
   */
  run<T>(organisationId: number, work: (r: Repositories) => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ organisationId, work, resolve: resolve as (value: unknown) => void, reject });
      if (this.pending.length >= this.maxBatch) this.flush();
      else if (!this.timer) {
        this.timer = setTimeout(() => this.flush(), this.windowMs);
      }
    });
  }

  /** Commits what is waiting now (also called on shutdown). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const jobs = this.pending;
    if (jobs.length === 0) return;
    this.pending = [];
    const outcomes: { ok: boolean; value: unknown }[] = [];
    const client = sqliteOf(this.db);
    this.statements ??= {
      savepoint: client.prepare('SAVEPOINT group_write'),
      release: client.prepare('RELEASE group_write'),
      rollbackTo: client.prepare('ROLLBACK TO group_write'),
    };
    const { savepoint, release, rollbackTo } = this.statements;
    const byOrganisation = new Map<number, Repositories>();
    const repositoriesOf = (org: number) => {
      let r = byOrganisation.get(org);
      if (!r) {
        r = repositories(this.db, org);
        byOrganisation.set(org, r);
      }
      return r;
    };
    try {
      client
        .transaction(() => {
          for (const job of jobs) {
            savepoint.run();
            try {
              outcomes.push({ ok: true, value: job.work(repositoriesOf(job.organisationId)) });
              release.run();
            } catch (err) {
              // A write that made SQLite roll the whole transaction back (disk full, I/O error)
              // leaves nothing to commit the others into: the batch fails with that error.
              if (!client.inTransaction) throw err;
              rollbackTo.run();
              release.run();
              outcomes.push({ ok: false, value: err });
            }
          }
        })
        .immediate();
    } catch (err) {
      for (const job of jobs) job.reject(err);
      return;
    }
    this.stats.batches++;
    this.stats.writes += jobs.length;
    this.stats.largest = Math.max(this.stats.largest, jobs.length);
    jobs.forEach((job, i) => {
      const outcome = outcomes[i];
      if (outcome?.ok) job.resolve(outcome.value);
      else job.reject(outcome?.value);
    });
  }
}
