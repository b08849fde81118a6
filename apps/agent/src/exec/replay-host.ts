import { programName, type CaptureData, type CapturedCommand } from './capture-format.js';
import type { OsInfoData, OsInfoSource } from './capture-os-info.js';
import { commandLine, type CommandResult, type Host } from './host.js';

/**
 * A Host that answers only from a capture: the machine as it was, on any OS. Anything the bundle
 * does not hold is missing or not installed, exactly as on a fresh machine.
 */
export interface ReplayHost extends Host, OsInfoSource {
  /**
   * What the collectors asked for that the bundle has no answer for at all (neither a result nor
   * a recorded "missing"): usually a bundle made by another agent version. Empty for a bundle
   * replayed by the agent that captured it.
   */
  readonly misses: string[];
}

export function createReplayHost(data: CaptureData): ReplayHost {
  const misses: string[] = [];
  const miss = (what: string) => {
    if (!misses.includes(what)) misses.push(what);
  };
  const sameArgs = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

  const findCommand = (file: string, args: string[], uid: number | undefined): CapturedCommand | undefined => {
    const candidates = data.commands.filter((c) => sameArgs(c.args, args) && (c.uid ?? null) === (uid ?? null));
    return candidates.find((c) => c.file === file) ?? candidates.find((c) => programName(c.file) === programName(file));
  };

  const knownProgram = (file: string): 'installed' | 'absent' | 'unknown' => {
    const name = programName(file);
    for (const [k, v] of data.which) {
      if (k === file || k === name || programName(k) === name) return v ? 'installed' : 'absent';
    }
    return 'unknown';
  };

  const content = (path: string): Buffer | null | undefined => {
    const f = data.files.get(path);
    if (f === undefined) return undefined;
    return 'missing' in f ? null : f.content;
  };

  return {
    platform: data.platform,
    misses,
    async run(file, args, opts = {}): Promise<CommandResult> {
      const c = findCommand(file, args, opts.uid);
      if (c) {
        return {
          stdout: c.stdout,
          stderr: c.stderr,
          exitCode: c.exitCode,
          ...(c.error !== undefined ? { error: c.error } : {}),
          ...(c.timedOut ? { timedOut: true } : {}),
          ...(c.truncated ? { truncated: true } : {}),
        };
      }
      const line = `${commandLine(file, args)}${opts.uid !== undefined ? ` (as uid ${opts.uid})` : ''}`;
      if (knownProgram(file) !== 'absent') miss(`run: ${line}`);
      return { stdout: '', stderr: '', exitCode: null, error: `ENOENT: ${programName(file)} is not installed (not in the capture bundle)` };
    },
    async which(name) {
      if (data.which.has(name)) return data.which.get(name) ?? null;
      miss(`which: ${name}`);
      return null;
    },
    async readFile(path, opts = {}) {
      const buf = content(path);
      if (buf === undefined) miss(`readFile: ${path}`);
      if (!buf) return null;
      return buf.subarray(0, opts.maxBytes ?? buf.length).toString('utf8');
    },
    async readFileBytes(path, maxBytes) {
      const buf = content(path);
      if (buf === undefined) miss(`readFileBytes: ${path}`);
      return buf ? Buffer.from(buf.subarray(0, maxBytes)) : null;
    },
    async listDir(path) {
      if (data.dirs.has(path)) {
        const names = data.dirs.get(path);
        return names ? [...names] : null;
      }
      miss(`listDir: ${path}`);
      return null;
    },
    async exists(path) {
      const recorded = data.exists.get(path);
      if (recorded !== undefined) return recorded;
      const buf = content(path);
      if (buf) return true;
      if (buf === undefined && !data.dirs.has(path)) miss(`exists: ${path}`);
      return Boolean(data.dirs.get(path));
    },
    async osInfo(): Promise<OsInfoData> {
      const info = data.osInfo;
      if (!info) {
        miss('osInfo');
        throw new Error('the capture bundle has no os information (os-info.json)');
      }
      if ('error' in info && typeof info.error === 'string') throw new Error(info.error);
      return info as OsInfoData;
    },
  };
}
