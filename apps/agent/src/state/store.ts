import { join } from 'node:path';
import { ensureDir, readJsonFile, writeJsonAtomic } from './atomic.js';

/** What `enroll` saves: who this device is and where its console lives. Secret: file mode 0600. */
export interface Enrolment {
  url: string;
  wsUrl: string;
  deviceId: string;
  deviceSecret: string;
  enrolledAt: string;
  /** The console certificate's SPKI SHA-256 (base64) from the enrolment string; any other is refused. */
  pin?: string;
  /** The pin the console announced for its next certificate (accepted too; becomes `pin` once seen). */
  nextPin?: string;
  /** The console's release public key (enrolment string `updateKey`): self-update trusts only it. */
  updateKey?: string;
}

/** Settings the console sent (ServerHello / set-interval), kept across restarts. */
export interface AgentConfig {
  collectIntervalMinutes: number;
}

export const DEFAULT_COLLECT_INTERVAL_MINUTES = 60;
export const STATE_FILES = {
  enrolment: 'enrolment.json',
  seq: 'seq.json',
  config: 'config.json',
  lastReport: 'last-report.json',
  update: 'update.json',
} as const;

/** The last report this agent collected, verbatim, and when the console acknowledged it (`status` shows it). */
export interface LastReport {
  collectedAt: string;
  ackedAt: string | null;
  report: unknown;
}

type Log = (message: string) => void;

function isNonEmptyString(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0;
}

export function parseEnrolment(data: unknown): Enrolment | string {
  if (typeof data !== 'object' || data === null) return 'it is not a JSON object';
  const d = data as Record<string, unknown>;
  for (const key of ['url', 'wsUrl', 'deviceId', 'deviceSecret', 'enrolledAt'] as const) {
    if (!isNonEmptyString(d[key])) return `"${key}" is missing`;
  }
  for (const key of ['pin', 'nextPin'] as const) {
    if (d[key] !== undefined && !isNonEmptyString(d[key])) return `"${key}" is not a string`;
  }
  return {
    url: d.url as string,
    wsUrl: d.wsUrl as string,
    deviceId: d.deviceId as string,
    deviceSecret: d.deviceSecret as string,
    enrolledAt: d.enrolledAt as string,
    ...(isNonEmptyString(d.pin) ? { pin: d.pin } : {}),
    ...(isNonEmptyString(d.nextPin) ? { nextPin: d.nextPin } : {}),
    ...(isNonEmptyString(d.updateKey) ? { updateKey: d.updateKey } : {}),
  };
}

/** The agent's state directory: enrolment.json, seq.json, config.json and outbox/. */
export class AgentState {
  private seq: number | undefined;
  private seqChain: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly dir: string,
    private readonly log: Log,
  ) {}

  /** Open (creating with mode 0700 if needed) the state directory. */
  static async open(dir: string, log: Log = () => undefined): Promise<AgentState> {
    await ensureDir(dir, 0o700);
    return new AgentState(dir, log);
  }

  get outboxDir(): string {
    return join(this.dir, 'outbox');
  }

  path(name: keyof typeof STATE_FILES): string {
    return join(this.dir, STATE_FILES[name]);
  }

  /** The saved enrolment, or undefined when this device is not enrolled. Throws if the file is damaged. */
  async readEnrolment(): Promise<Enrolment | undefined> {
    const file = this.path('enrolment');
    const data = await readJsonFile(file);
    if (data === undefined) return undefined;
    const e = parseEnrolment(data);
    if (typeof e === 'string') throw new Error(`${file} is damaged (${e}): enrol this device again with --force`);
    return e;
  }

  async writeEnrolment(e: Enrolment): Promise<void> {
    await writeJsonAtomic(this.path('enrolment'), e, 0o600);
  }

  /** Highest seq handed out so far (0 when none). */
  async lastSeq(): Promise<number> {
    if (this.seq !== undefined) return this.seq;
    const file = this.path('seq');
    let last = 0;
    try {
      const data = (await readJsonFile(file)) as { lastSeq?: unknown } | undefined;
      if (data !== undefined) {
        if (typeof data?.lastSeq !== 'number' || !Number.isSafeInteger(data.lastSeq) || data.lastSeq < 0) {
          throw new Error(`${file} has no valid lastSeq`);
        }
        last = data.lastSeq;
      }
    } catch (err) {
      // A seq must never repeat. Jumping to the clock in seconds is above any count an agent
      // collecting at most every few seconds could have reached, so it cannot collide.
      last = Math.floor(Date.now() / 1000);
      this.log(`could not read ${file} (${(err as Error).message}); continuing from seq ${last}`);
    }
    this.seq = last;
    return last;
  }

  /** Hand out the next seq. It is written to seq.json before it is returned, so it never repeats. */
  nextSeq(): Promise<number> {
    const run = this.seqChain.then(async () => {
      const next = (await this.lastSeq()) + 1;
      await writeJsonAtomic(this.path('seq'), { lastSeq: next }, 0o600);
      this.seq = next;
      return next;
    });
    this.seqChain = run.catch(() => undefined);
    return run;
  }

  /** Settings from the console; defaults when none are saved or the file is damaged. */
  async readConfig(): Promise<AgentConfig> {
    const file = this.path('config');
    try {
      const data = (await readJsonFile(file)) as { collectIntervalMinutes?: unknown } | undefined;
      const m = data?.collectIntervalMinutes;
      if (typeof m === 'number' && Number.isInteger(m) && m >= 1) return { collectIntervalMinutes: m };
      if (data !== undefined) this.log(`${file} has no valid collectIntervalMinutes; using ${DEFAULT_COLLECT_INTERVAL_MINUTES}`);
    } catch (err) {
      this.log(`could not read ${file} (${(err as Error).message}); using the default settings`);
    }
    return { collectIntervalMinutes: DEFAULT_COLLECT_INTERVAL_MINUTES };
  }

  async writeLastReport(r: LastReport): Promise<void> {
    await writeJsonAtomic(this.path('lastReport'), r, 0o600);
  }

  async markLastReportAcked(reportId: string, at: string): Promise<void> {
    const r = await this.readLastReport();
    if (r && (r.report as { reportId?: unknown }).reportId === reportId && !r.ackedAt) await this.writeLastReport({ ...r, ackedAt: at });
  }

  async readLastReport(): Promise<LastReport | undefined> {
    const d = (await readJsonFile(this.path('lastReport')).catch(() => undefined)) as LastReport | undefined;
    return d && typeof d.collectedAt === 'string' ? d : undefined;
  }

  async writeConfig(config: AgentConfig): Promise<void> {
    await writeJsonAtomic(this.path('config'), config, 0o600);
  }
}
