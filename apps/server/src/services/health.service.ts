import { statfsSync } from 'node:fs';
import { read, transaction, type ServiceContext } from './context.js';

/**
 * Below this much free space in the data folder /healthz fails (reports and the WAL need room):
 * 100 MB, or 5% of a smaller volume (SAFEFLEET_MIN_FREE_MB sets it exactly).
 */
export const DEFAULT_MIN_FREE_DISK_MB = 100;
/** A health answer is reused this long, so /healthz cannot be used to make the console write and sync on every call. */
const CACHE_MS = 2_000;

export interface HealthResult {
  ok: boolean;
  /** Plain reasons, one per problem, for the 503 answer and the log. */
  problems: string[];
}

/** Plain words for a storage failure that stops the console acknowledging reports. */
export function storageProblem(err: unknown): string | null {
  const code = String((err as { code?: unknown } | null)?.code ?? '');
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return 'the database is locked by another process: reports are not acknowledged until it is free';
  }
  if (code === 'SQLITE_FULL') return 'the disk is full: reports are not acknowledged until there is space';
  if (code.startsWith('SQLITE_IOERR')) return 'the disk reported an I/O error: reports are not acknowledged';
  if (code.startsWith('SQLITE_READONLY')) return 'the database is read-only: reports are not acknowledged';
  return null;
}

export class HealthService {
  /** Set when storing a report failed for a storage reason; cleared by the next report stored. */
  private writeProblem: { message: string; at: string } | null = null;
  private cached: { at: number; result: HealthResult } | undefined;

  constructor(private readonly ctx: ServiceContext) {}

  /** Called by the agent gateway after each report: null when it was stored, else the error. */
  recordWrite(err: unknown): void {
    if (err === null) {
      this.writeProblem = null;
      return;
    }
    const message = storageProblem(err);
    if (message) this.writeProblem = { message, at: this.ctx.now().toISOString() };
  }

  /** Why reports cannot be stored right now (shown by /healthz), or null. */
  storageProblem(): { message: string; at: string } | null {
    return this.writeProblem;
  }

  /** True when the database answers. */
  databaseOk(): boolean {
    try {
      return read(this.ctx).health.ping();
    } catch (err) {
      this.ctx.log.error({ err }, 'database health check failed');
      return false;
    }
  }

  /** The database answers and takes a write, and the data folder has room. */
  check(): HealthResult {
    const now = Date.now();
    if (this.cached && now - this.cached.at < CACHE_MS) return this.cached.result;
    const problems: string[] = [];
    if (!this.databaseOk()) problems.push('the database is not answering');
    else {
      try {
        transaction(this.ctx, (r) => r.health.probeWrite());
      } catch (err) {
        this.ctx.log.error({ err }, 'database write check failed');
        problems.push(`the database cannot be written (${(err as Error).message})`);
      }
    }
    try {
      const fs = statfsSync(this.ctx.config.dataDir);
      const mb = (blocks: number | bigint) => (Number(blocks) * Number(fs.bsize)) / (1024 * 1024);
      const freeMb = Math.floor(mb(fs.bavail));
      const minMb = this.ctx.config.minFreeDiskMb ?? Math.min(DEFAULT_MIN_FREE_DISK_MB, Math.ceil(mb(fs.blocks) * 0.05));
      if (freeMb < minMb) problems.push(`the data folder's disk has ${freeMb} MB free, less than the ${minMb} MB needed`);
    } catch (err) {
      problems.push(`the data folder's free space cannot be read (${(err as Error).message})`);
    }
    const result = { ok: problems.length === 0, problems };
    if (!result.ok) this.ctx.log.warn({ problems: problems.join('; ') }, 'health check failed');
    this.cached = { at: now, result };
    return result;
  }
}
