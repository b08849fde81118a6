import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Report } from '@safefleet/protocol';
import { fsyncDir, writeFileAtomic } from '../state/atomic.js';

type Log = (message: string) => void;

export interface OutboxOptions {
  /** Usually <state>/outbox. Created (mode 0700) if missing. */
  dir: string;
  /** Keep at most this many reports; the oldest go first. Default 1000. */
  maxReports?: number;
  /** Keep at most this many bytes of reports; the oldest go first. Default 200 MB. */
  maxBytes?: number;
  /** How many files to keep in outbox/rejected and outbox/corrupt. Default 50. */
  maxSetAside?: number;
  log?: Log;
}

export interface OutboxEntry {
  seq: number;
  reportId: string;
  file: string;
  bytes: number;
  /** Hash of the facts without collectedAt: equal hashes = the same state (read lazily after a restart). */
  state?: string;
}

/** What a report says about the device, without when it was collected. */
export function stateOf(report: Report): string {
  const { collectedAt: _when, ...facts } = report.facts;
  return createHash('sha256').update(JSON.stringify(facts)).digest('base64url');
}

const NAME = /^(\d+)-([0-9a-fA-F-]{36})\.json$/;
export const OUTBOX_DEFAULTS = { maxReports: 1000, maxBytes: 200 * 1024 * 1024, maxSetAside: 50 } as const;

export function outboxFileName(seq: number, reportId: string): string {
  return `${String(seq).padStart(12, '0')}-${reportId}.json`;
}

function mb(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

/**
 * Durable queue of reports waiting for the console's ack: one file per report,
 * `<zero-padded seq>-<reportId>.json`, written atomically (file and directory fsynced) before
 * add() resolves. Removed only when the console acks that reportId. Bounded: when over the limits
 * the oldest reports are dropped (and logged) rather than filling the disk. Files that cannot be
 * read are moved to corrupt/; reports the console refused are moved to rejected/.
 */
export class Outbox {
  private readonly entriesById = new Map<string, OutboxEntry>();
  private chain: Promise<unknown> = Promise.resolve();
  private readonly maxReports: number;
  private readonly maxBytes: number;
  private readonly maxSetAside: number;
  private readonly log: Log;

  private constructor(
    readonly dir: string,
    opts: OutboxOptions,
  ) {
    this.maxReports = opts.maxReports ?? OUTBOX_DEFAULTS.maxReports;
    this.maxBytes = opts.maxBytes ?? OUTBOX_DEFAULTS.maxBytes;
    this.maxSetAside = opts.maxSetAside ?? OUTBOX_DEFAULTS.maxSetAside;
    this.log = opts.log ?? (() => undefined);
  }

  static async open(opts: OutboxOptions): Promise<Outbox> {
    const box = new Outbox(opts.dir, opts);
    await mkdir(opts.dir, { recursive: true, mode: 0o700 });
    await box.scan();
    return box;
  }

  /** Number of reports waiting. */
  get size(): number {
    return this.entriesById.size;
  }

  get bytes(): number {
    let n = 0;
    for (const e of this.entriesById.values()) n += e.bytes;
    return n;
  }

  has(reportId: string): boolean {
    return this.entriesById.has(reportId);
  }

  get(reportId: string): OutboxEntry | undefined {
    return this.entriesById.get(reportId);
  }

  /** Waiting reports' index entries, lowest seq first. */
  entries(): OutboxEntry[] {
    return [...this.entriesById.values()].sort((a, b) => a.seq - b.seq || byCodeUnit(a.reportId, b.reportId));
  }

  /** Resolves once every outbox operation started so far has finished (for a clean shutdown). */
  async idle(): Promise<void> {
    await this.chain.catch(() => undefined);
  }

  /** Queue a report durably. Resolves only once it is on disk. */
  add(report: Report): Promise<void> {
    return this.serial(async () => {
      if (this.entriesById.has(report.reportId)) return;
      const name = outboxFileName(report.seq, report.reportId);
      const file = join(this.dir, name);
      const text = JSON.stringify(report);
      await writeFileAtomic(file, text, 0o600);
      this.entriesById.set(report.reportId, {
        seq: report.seq,
        reportId: report.reportId,
        file,
        bytes: Buffer.byteLength(text),
        state: stateOf(report),
      });
      await this.enforceBounds();
    });
  }

  /** Every waiting report, read from disk, lowest seq first. Unreadable files are moved to corrupt/. */
  list(): Promise<Report[]> {
    return this.serial(async () => {
      const out: Report[] = [];
      for (const entry of this.entries()) {
        const report = await this.readEntry(entry);
        if (report) out.push(report);
      }
      return out;
    });
  }

  /** One waiting report, read from disk; undefined if it is gone or was unreadable (moved to corrupt/). */
  read(reportId: string): Promise<Report | undefined> {
    return this.serial(async () => {
      const entry = this.entriesById.get(reportId);
      return entry ? this.readEntry(entry) : undefined;
    });
  }

  /** The console acked this report: delete it. Returns the entry removed, if it was waiting. */
  remove(reportId: string): Promise<OutboxEntry | undefined> {
    return this.serial(async () => {
      const entry = this.entriesById.get(reportId);
      if (!entry) return undefined;
      await rm(entry.file, { force: true });
      await fsyncDir(this.dir);
      this.entriesById.delete(reportId);
      return entry;
    });
  }

  /** The console refused this report as invalid: move it to rejected/ so it is never resent. */
  reject(reportId: string, reason: string): Promise<OutboxEntry | undefined> {
    return this.serial(async () => {
      const entry = this.entriesById.get(reportId);
      if (!entry) return undefined;
      await this.setAside(entry.file, 'rejected', reason);
      this.entriesById.delete(reportId);
      return entry;
    });
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async scan(): Promise<void> {
    for (const d of await readdir(this.dir, { withFileTypes: true })) {
      if (d.isDirectory()) continue;
      const file = join(this.dir, d.name);
      if (d.name.endsWith('.tmp')) {
        await rm(file, { force: true }); // a write that never finished; it was never counted as queued
        continue;
      }
      const m = NAME.exec(d.name);
      if (!m || !d.isFile()) {
        await this.setAside(file, 'corrupt', 'file name is not <seq>-<reportId>.json');
        continue;
      }
      const { size } = await stat(file);
      this.entriesById.set(m[2]!, { seq: Number(m[1]), reportId: m[2]!, file, bytes: size });
    }
    await this.enforceBounds();
  }

  private async readEntry(entry: OutboxEntry): Promise<Report | undefined> {
    let text: string;
    try {
      text = await readFile(entry.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        this.entriesById.delete(entry.reportId);
        return undefined;
      }
      throw err;
    }
    let problem: string;
    try {
      const r = Report.safeParse(JSON.parse(text));
      if (r.success && r.data.reportId === entry.reportId && r.data.seq === entry.seq) return r.data;
      problem = r.success
        ? 'its seq or reportId does not match its file name'
        : `it is not a valid report (${r.error.issues[0]?.message ?? 'schema'})`;
    } catch {
      problem = 'it is not valid JSON';
    }
    await this.setAside(entry.file, 'corrupt', problem);
    this.entriesById.delete(entry.reportId);
    return undefined;
  }

  /** Move a file to corrupt/ or rejected/, with a .reason.txt beside it, and log it. Never throws. */
  private async setAside(file: string, kind: 'corrupt' | 'rejected', reason: string): Promise<void> {
    const name = file.slice(this.dir.length + 1);
    const dest = join(this.dir, kind);
    try {
      await mkdir(dest, { recursive: true, mode: 0o700 });
      await rename(file, join(dest, name));
      await writeFile(join(dest, `${name}.reason.txt`), reason + '\n', { mode: 0o600 });
      await fsyncDir(this.dir);
      await this.prune(dest);
      this.log(
        kind === 'corrupt'
          ? `outbox file ${name} could not be read (${reason}); moved it to ${dest}`
          : `the console refused report ${name} (${reason}); moved it to ${dest} and will not resend it`,
      );
    } catch (err) {
      await rm(file, { force: true }).catch(() => undefined);
      this.log(`outbox file ${name} is ${kind} (${reason}) and could not be moved aside (${(err as Error).message}); deleted it`);
    }
  }

  private async prune(dir: string): Promise<void> {
    const names = (await readdir(dir)).filter((n) => !n.endsWith('.reason.txt'));
    if (names.length <= this.maxSetAside) return;
    const withTimes = await Promise.all(names.map(async (n) => ({ n, t: (await stat(join(dir, n))).mtimeMs })));
    withTimes.sort((a, b) => a.t - b.t || byCodeUnit(a.n, b.n));
    for (const { n } of withTimes.slice(0, names.length - this.maxSetAside)) {
      await rm(join(dir, n), { force: true });
      await rm(join(dir, `${n}.reason.txt`), { force: true });
    }
  }

  /** The entry's state hash, reading its file once if it was queued before a restart. */
  private async stateOfEntry(entry: OutboxEntry): Promise<string> {
    if (entry.state === undefined) {
      try {
        const r = Report.safeParse(JSON.parse(await readFile(entry.file, 'utf8')));
        entry.state = r.success ? stateOf(r.data) : `unreadable:${entry.reportId}`;
      } catch {
        entry.state = `unreadable:${entry.reportId}`;
      }
    }
    return entry.state;
  }

  /**
   * Compaction, when over the limits (documented in docs/performance.md): first remove reports that
   * only repeat the state of the report queued just before them (no change is lost: the console
   * still receives the moment each state began), oldest first; never the newest report. Only when
   * every queued report is a change does the oldest go, and that is logged.
   */
  private async enforceBounds(): Promise<void> {
    const list = this.entries();
    let bytes = this.bytes;
    let removed = 0;
    const over = () => list.length > 1 && (list.length > this.maxReports || bytes > this.maxBytes);
    while (over()) {
      let victim = -1;
      for (let i = 1; i < list.length - 1; i++) {
        if ((await this.stateOfEntry(list[i]!)) === (await this.stateOfEntry(list[i - 1]!))) {
          victim = i;
          break;
        }
      }
      const repeat = victim !== -1;
      const entry = list.splice(repeat ? victim : 0, 1)[0]!;
      await rm(entry.file, { force: true });
      this.entriesById.delete(entry.reportId);
      bytes -= entry.bytes;
      removed++;
      if (repeat) {
        this.log(
          `outbox is over its limit (${this.maxReports} reports / ${mb(this.maxBytes)}): removed seq ${entry.seq}, which repeated the report before it (no change lost)`,
        );
      } else {
        // Always keep the newest report, even if it alone is over the byte limit.
        this.log(`outbox is over its limit (${this.maxReports} reports / ${mb(this.maxBytes)}): dropped the oldest unsent report, seq ${entry.seq}`);
      }
    }
    if (removed > 0) await fsyncDir(this.dir);
  }
}

/** Plain string order. Not localeCompare: that loads ICU's collation data into the long-running agent. */
function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
