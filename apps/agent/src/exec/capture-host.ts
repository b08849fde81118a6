import { REDACTORS } from './capture-redact.js';
import { emptyCaptureData, type CaptureData, type CapturedCommand, type CapturedFile } from './capture-format.js';
import type { OsInfoData, OsInfoSource } from './capture-os-info.js';
import type { CommandResult, Host } from './host.js';

/** A Host that passes every call through to another and records what it saw. */
export interface CaptureHost extends Host, OsInfoSource {
  /** Everything recorded so far (redacted where REDACTORS says so). */
  readonly data: CaptureData;
}

export interface CaptureOptions {
  /** Where osInfo() reads from; systeminformation on this machine by default. */
  osInfo?: () => Promise<OsInfoData>;
}

async function systemOsInfo(): Promise<OsInfoData> {
  const si = await import('systeminformation');
  return (await si.osInfo()) as unknown as OsInfoData;
}

export function createCaptureHost(inner: Host, opts: CaptureOptions = {}): CaptureHost {
  const data = emptyCaptureData(inner.platform);
  const seenCommands = new Set<string>();

  const keepFile = (path: string, content: Buffer | null) => {
    if (content === null) {
      if (!data.files.has(path)) data.files.set(path, { missing: true });
      return;
    }
    const redactor = REDACTORS.get(path);
    const record: CapturedFile = redactor
      ? { content: Buffer.from(redactor.redact(content.toString('utf8')), 'utf8'), redacted: redactor.describe }
      : { content: Buffer.from(content) };
    const before = data.files.get(path);
    // The same file read twice (e.g. with different maxBytes): keep the longer read.
    if (!before || 'missing' in before || before.content.length < record.content.length) data.files.set(path, record);
  };

  const keepCommand = (file: string, args: string[], uid: number | undefined, gid: number | undefined, r: CommandResult) => {
    const key = JSON.stringify([file, args, uid ?? null, gid ?? null]);
    if (seenCommands.has(key)) return;
    seenCommands.add(key);
    const entry: CapturedCommand = {
      file,
      args: [...args],
      ...(uid !== undefined ? { uid } : {}),
      ...(gid !== undefined ? { gid } : {}),
      stdout: r.stdout,
      stderr: r.stderr,
      exitCode: r.exitCode,
      ...(r.error !== undefined ? { error: r.error } : {}),
      ...(r.timedOut ? { timedOut: true } : {}),
      ...(r.truncated ? { truncated: true } : {}),
    };
    data.commands.push(entry);
  };

  return {
    platform: inner.platform,
    data,
    async run(file, args, runOpts = {}) {
      const r = await inner.run(file, args, runOpts);
      keepCommand(file, args, runOpts.uid, runOpts.gid, r);
      return r;
    },
    async which(name) {
      const r = await inner.which(name);
      data.which.set(name, r);
      return r;
    },
    async readFile(path, readOpts) {
      const r = await inner.readFile(path, readOpts);
      keepFile(path, r === null ? null : Buffer.from(r, 'utf8'));
      return r;
    },
    async readFileBytes(path, maxBytes) {
      const r = await inner.readFileBytes(path, maxBytes);
      keepFile(path, r);
      return r;
    },
    async listDir(path) {
      const r = await inner.listDir(path);
      data.dirs.set(path, r === null ? null : [...r]);
      return r;
    },
    async exists(path) {
      const r = await inner.exists(path);
      data.exists.set(path, r);
      return r;
    },
    async osInfo() {
      try {
        const info = await (opts.osInfo ?? systemOsInfo)();
        data.osInfo = { ...info };
        return info;
      } catch (e) {
        data.osInfo = { error: e instanceof Error ? e.message : String(e) };
        throw e;
      }
    },
  };
}
