import { read, type ServiceContext } from './context.js';

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
      return read(this.ctx.db).health.ping();
    } catch (err) {
      this.ctx.log.error({ err }, 'database health check failed');
      return false;
    }
  }
}
