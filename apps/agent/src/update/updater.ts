/**
 * Self-update of the single-file program.
 *
 * The console says which version it publishes (ServerHello.agentRelease, and an `agent-release`
 * message when a build is published or the hold changes). When it differs from this program and
 * updates are not held, the agent fetches /downloads/agent/manifest.json from its console, checks
 * the Ed25519 signature of its own target's entry against the release key from the enrolment
 * string (`updateKey`), downloads the program beside itself (<program>.new), checks size and
 * SHA-256, runs `<new> --version` and `<new> run --self-test`, then swaps it in with renames (<program> → <program>.previous,
 * <program>.new → <program>) and restarts: through the service manager (systemd, launchd: exit
 * and be started again), or in the foreground by replacing this process (execve).
 *
 * If the new version has not connected to the console within 10 minutes of starting, it puts the
 * previous program back and restarts it; update.json in the state folder carries this across.
 */
import { spawn } from 'node:child_process';
import { createPublicKey, verify } from 'node:crypto';
import { chmod, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AgentRelease, agentReleaseStatement, agentTargetFor, type AgentReleaseNotice, type AgentUpdateStatus } from '@safefleet/protocol';
import { readJsonFile, writeJsonAtomic } from '../state/atomic.js';
import { getBytes, getToFile, type GetOptions } from './download.js';
import { UPDATE_FILE, type UpdateRecord } from './start-guard.js';

export { restartProgram } from './restart.js';
export { UPDATE_FILE };

type Log = (message: string) => void;

/** How long a new version has to connect before it is rolled back. */
export const CONFIRM_MS = 10 * 60_000;
/** Largest program accepted (Node runtimes are ~80–130 MB). */
const MAX_PROGRAM_BYTES = 400 * 1024 * 1024;

export interface UpdaterOptions {
  stateDir: string;
  /** The console's base URL (enrolment). */
  consoleUrl: string;
  /** The release key from the enrolment string; without it no update is installed. */
  updateKey: string | undefined;
  version: string;
  /** This program; process.execPath by default. */
  program?: string;
  /** True for a single-file program (only those update themselves). */
  singleFile: boolean;
  log: Log;
  /** Tell the console (sends update-status when connected). */
  report: (status: AgentUpdateStatus) => void;
  /** Stop the agent gracefully and start the program again. */
  restart: () => Promise<void>;
  confirmMs?: number;
  http?: Omit<GetOptions, 'maxBytes'>;
}

export class Updater {
  private state: AgentUpdateStatus;
  private busy = false;
  private confirmTimer: NodeJS.Timeout | undefined;
  /** Versions refused in this run (bad signature etc.): not tried again until another is published. */
  private refused = new Set<string>();
  private readonly program: string;

  constructor(private readonly o: UpdaterOptions) {
    this.program = o.program ?? process.execPath;
    this.state = o.singleFile ? { state: 'current' } : { state: 'manual', detail: 'not a single-file program: update it by hand' };
  }

  status(): AgentUpdateStatus {
    return this.state;
  }

  private set(status: AgentUpdateStatus): void {
    this.state = status;
    this.o.report(status);
  }

  private get recordFile(): string {
    return join(this.o.stateDir, UPDATE_FILE);
  }

  /**
   * At start: after a swap, wait for the first connection (confirm()) or roll back at the deadline;
   * after a rollback, say so and do not try that version again in this run.
   */
  async start(): Promise<void> {
    const rec = (await readJsonFile(this.recordFile).catch(() => undefined)) as UpdateRecord | undefined;
    if (!rec) return;
    if (rec.phase === 'restarting' && rec.to === this.o.version) {
      const left = Math.max(0, Date.parse(rec.deadline ?? '') - Date.now());
      const wait = Number.isFinite(left) ? Math.min(left, this.o.confirmMs ?? CONFIRM_MS) : 0;
      this.state = { state: 'restarting', version: rec.to, detail: `updated from ${rec.from}; waiting to reach the console` };
      this.o.log(`updated from ${rec.from} to ${rec.to}; rolling back unless the console is reached within ${Math.round(wait / 1000)} s`);
      this.confirmTimer = setTimeout(() => void this.rollback(rec, 'the new version did not reach the console in time'), wait);
      this.confirmTimer.unref();
      return;
    }
    if (rec.phase === 'rolled-back' || rec.phase === 'failed') {
      this.refused.add(rec.to);
      this.state = { state: rec.phase === 'rolled-back' ? 'rolled-back' : 'failed', version: rec.to, ...(rec.detail ? { detail: rec.detail } : {}) };
    }
  }

  /** Connected to the console: a pending update is confirmed and the previous program removed. */
  async confirm(): Promise<void> {
    if (!this.confirmTimer) return;
    clearTimeout(this.confirmTimer);
    this.confirmTimer = undefined;
    await writeJsonAtomic(this.recordFile, { phase: 'done', from: '', to: this.o.version } satisfies UpdateRecord);
    await rm(`${this.program}.previous`, { force: true }).catch(() => undefined);
    this.o.log(`update to ${this.o.version} confirmed: connected to the console`);
    this.set({ state: 'current', version: this.o.version });
  }

  stop(): void {
    clearTimeout(this.confirmTimer);
  }

  /** The console's published version and hold (hello or agent-release). */
  onRelease(notice: Pick<AgentReleaseNotice, 'version' | 'hold'>): void {
    if (!this.o.singleFile || this.confirmTimer) return;
    if (notice.version === this.o.version) {
      if (this.state.state !== 'current' && !this.refused.size) this.set({ state: 'current', version: this.o.version });
      return;
    }
    if (notice.hold) {
      this.set({ state: 'held', version: notice.version, detail: 'the IT lead holds updates' });
      return;
    }
    if (this.refused.has(notice.version) || this.busy) return;
    void this.update(notice.version);
  }

  private async update(version: string): Promise<void> {
    this.busy = true;
    const newFile = `${this.program}.new`;
    try {
      this.set({ state: 'downloading', version });
      this.o.log(`the console publishes agent ${version}; fetching it`);
      if (!this.o.updateKey) throw new Refusal('the enrolment string carried no release key, so no update can be trusted; enrol again');
      const target = agentTargetFor(process.platform, process.arch);
      if (!target) throw new Refusal(`there is no program for ${process.platform}-${process.arch}`);
      const base = `${this.o.consoleUrl.replace(/\/+$/, '')}/downloads/agent`;
      const manifest = AgentRelease.safeParse(
        JSON.parse((await getBytes(`${base}/manifest.json`, { maxBytes: 64 * 1024, ...this.o.http })).toString('utf8')),
      );
      if (!manifest.success) throw new Refusal('the console’s manifest.json is not a valid release');
      const m = manifest.data;
      if (m.version !== version) version = m.version;
      if (m.version === this.o.version) return this.set({ state: 'current', version });
      const entry = m.files.find((f) => f.target === target);
      if (!entry) throw new Refusal(`the release has no program for ${target}`);
      const key = createPublicKey({ key: Buffer.from(this.o.updateKey, 'base64'), format: 'der', type: 'spki' });
      const statement = Buffer.from(agentReleaseStatement({ version: m.version, ...entry }), 'utf8');
      if (!verify(null, statement, key, Buffer.from(entry.signature, 'base64'))) {
        throw new Refusal('its signature does not match the release key this device trusts');
      }
      if (entry.size > MAX_PROGRAM_BYTES) throw new Refusal(`it is ${entry.size} bytes, more than a program can be`);
      await rm(newFile, { force: true });
      const got = await getToFile(`${base}/${entry.file}`, newFile, { maxBytes: entry.size, timeoutMs: 120_000, ...this.o.http });
      if (got.size !== entry.size) throw new Refusal(`the download has ${got.size} bytes, the release says ${entry.size} (cut short?)`);
      if (got.sha256 !== entry.sha256) throw new Refusal(`its SHA-256 is ${got.sha256}, the release says ${entry.sha256}`);
      await chmod(newFile, 0o755);
      const said = await runProgram(newFile, ['--version']);
      if (said.line !== `safefleet-agent ${m.version}`)
        throw new Refusal(`the new program says "${said.line}" instead of "safefleet-agent ${m.version}"`);
      // `--version` goes through the CLI; `run --self-test` loads what the service runs (in the
      // single-file program its own bundle, run.cjs) and exits without connecting.
      const loaded = await runProgram(newFile, ['run', '--self-test']);
      if (loaded.code !== 0 || loaded.line !== `safefleet-agent ${m.version}`) {
        throw new Refusal(`its "run --self-test" failed (exit ${loaded.code ?? 'none'}: "${loaded.line}"), so the service would not start`);
      }

      // Swap: two renames in the program's own folder.
      const deadline = new Date(Date.now() + (this.o.confirmMs ?? CONFIRM_MS)).toISOString();
      await writeJsonAtomic(this.recordFile, { phase: 'restarting', from: this.o.version, to: m.version, deadline } satisfies UpdateRecord);
      await rm(`${this.program}.previous`, { force: true });
      await rename(this.program, `${this.program}.previous`);
      await rename(newFile, this.program);
      this.set({ state: 'restarting', version: m.version, detail: `installed; restarting from ${this.o.version}` });
      this.o.log(`installed agent ${m.version} (size, SHA-256 and signature checked); restarting`);
      await this.o.restart();
    } catch (err) {
      await rm(newFile, { force: true }).catch(() => undefined);
      const why = err instanceof Refusal ? `refused: ${err.message}` : `could not update: ${(err as Error).message}`;
      this.o.log(`agent ${version} ${why}; keeping ${this.o.version}`);
      if (err instanceof Refusal) this.refused.add(version);
      this.set({ state: 'failed', version, detail: why });
    } finally {
      this.busy = false;
    }
  }

  /** Put the previous program back and restart it. */
  private async rollback(rec: UpdateRecord, why: string): Promise<void> {
    this.confirmTimer = undefined;
    this.o.log(`${why}; rolling back to ${rec.from}`);
    try {
      await rename(this.program, `${this.program}.failed`);
      await rename(`${this.program}.previous`, this.program);
      await rm(`${this.program}.failed`, { force: true }).catch(() => undefined);
      await writeJsonAtomic(this.recordFile, { phase: 'rolled-back', from: rec.from, to: rec.to, detail: why } satisfies UpdateRecord);
      this.set({ state: 'rolled-back', version: rec.to, detail: why });
      await this.o.restart();
    } catch (err) {
      this.o.log(`could not roll back: ${(err as Error).message}`);
    }
  }
}

class Refusal extends Error {}

/** Run the new program with these arguments: its exit code and first line of output, within 30 s. */
function runProgram(program: string, args: string[]): Promise<{ code: number | null; line: string }> {
  return new Promise((resolve) => {
    const p = spawn(program, args, { stdio: ['ignore', 'pipe', 'ignore'], timeout: 30_000 });
    let out = '';
    p.stdout.on('data', (c: Buffer) => {
      if (out.length < 1000) out += c.toString('utf8');
    });
    p.on('error', (err) => resolve({ code: null, line: `(could not start: ${err.message})` }));
    p.on('close', (code) => resolve({ code, line: (out.trim().split('\n')[0] ?? '').slice(0, 200) }));
  });
}
