/**
 * The new version's guard against crashing at start, run by the single-file program's main script
 * (src/sea/main.ts) before it loads `run`: so it must stay small (Node's fs and path only).
 *
 * After a swap, update.json says `restarting` from the old version to this one, with a deadline
 * (./updater.ts). The updater inside `run` rolls back a new version that starts but does not reach
 * the console in time; a version that dies before its updater starts (a crash at start) would be
 * restarted by the service manager forever. So each start of the new version is counted here
 * first: the start after MAX_FAILED_STARTS failed ones, or a start after the deadline, puts the
 * previous program back, writes `rolled-back` with the reason (shown by `status` and, through the
 * old version's hello, by the console), and the caller restarts the old program.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const UPDATE_FILE = 'update.json';
/** Starts of a new version that ended before it reached the console, before it is rolled back. */
export const MAX_FAILED_STARTS = 3;
export const DID_NOT_START = 'the new version did not start';

/** What update.json holds between the swap and the new version's first connection. */
export interface UpdateRecord {
  phase: 'restarting' | 'rolled-back' | 'failed' | 'done';
  from: string;
  to: string;
  /** ISO time after which an unconfirmed new version is rolled back. */
  deadline?: string;
  detail?: string;
  /** Starts of the new version so far (counted by guardStart). */
  starts?: number;
}

export type GuardResult =
  | { action: 'run' }
  /** The previous program is back in place: start it (exit for the service manager, or replace this process). */
  | { action: 'restart'; why: string };

export function readUpdateRecord(stateDir: string): UpdateRecord | undefined {
  try {
    const rec = JSON.parse(readFileSync(join(stateDir, UPDATE_FILE), 'utf8')) as UpdateRecord;
    return rec && typeof rec === 'object' && typeof rec.phase === 'string' ? rec : undefined;
  } catch {
    return undefined;
  }
}

/** Write beside, fsync, rename: a crash leaves the old record or the new one. */
export function writeUpdateRecordSync(stateDir: string, rec: UpdateRecord): void {
  const file = join(stateDir, UPDATE_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(rec)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

export function guardStart(o: { stateDir: string; program: string; version: string; log: (m: string) => void; now?: number }): GuardResult {
  const rec = readUpdateRecord(o.stateDir);
  if (rec?.phase !== 'restarting' || rec.to !== o.version) return { action: 'run' };
  const starts = (Number.isInteger(rec.starts) ? (rec.starts as number) : 0) + 1;
  const deadline = Date.parse(rec.deadline ?? '');
  const late = Number.isFinite(deadline) && (o.now ?? Date.now()) > deadline;
  if (starts <= MAX_FAILED_STARTS && !late) {
    writeUpdateRecordSync(o.stateDir, { ...rec, starts });
    return { action: 'run' };
  }
  const why = late
    ? 'the new version did not reach the console in time'
    : `${DID_NOT_START} (it stopped ${MAX_FAILED_STARTS} times before reaching the console)`;
  const previous = `${o.program}.previous`;
  if (!existsSync(previous)) {
    // Nothing to go back to (removed by hand?): keep trying this version rather than stop for good.
    o.log(`${why}, but ${previous} is missing: cannot roll back to ${rec.from}; starting ${o.version} again`);
    writeUpdateRecordSync(o.stateDir, { ...rec, starts });
    return { action: 'run' };
  }
  o.log(`${why}; rolling back to ${rec.from}`);
  renameSync(o.program, `${o.program}.failed`);
  renameSync(previous, o.program);
  try {
    rmSync(`${o.program}.failed`, { force: true });
  } catch {
    // On Windows the running program cannot be deleted; the next rollback or update replaces it.
  }
  writeUpdateRecordSync(o.stateDir, { phase: 'rolled-back', from: rec.from, to: rec.to, detail: why });
  return { action: 'restart', why };
}
