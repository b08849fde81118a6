import { posix } from 'node:path';
import { commandLine, type CommandResult, type Host, type HostPlatform, type RunOptions } from './host.js';

/** A canned command result; missing fields default to empty output and exit code 0. */
export type FakeResult = Partial<CommandResult>;

/**
 * The table a fake host answers from. It is plain data so a capture of a real machine can be
 * saved and replayed with the same shape.
 */
export interface FakeHostSpec {
  platform?: HostPlatform;
  /**
   * Keyed by command line as printed by `commandLine(file, args)`, e.g. "apt list --upgradable".
   * The program may be written as a bare name or an absolute path. A function sees the run options
   * (e.g. to check a command was run as the right uid).
   */
  commands?: Record<string, FakeResult | ((opts: RunOptions) => FakeResult)>;
  /** File contents by absolute path. */
  files?: Record<string, string | Buffer>;
  /** Directory listings by absolute path; otherwise derived from `files` and `paths`. */
  dirs?: Record<string, string[]>;
  /** Other paths that exist (sockets, devices, empty directories). */
  paths?: string[];
  /** Programs that which() finds even without a command entry. */
  programs?: string[];
}

export interface RecordedCall {
  file: string;
  args: string[];
  opts: RunOptions;
  line: string;
}

export interface FakeHost extends Host {
  /** Every run() call, in order. */
  readonly calls: RecordedCall[];
  /** Command lines run() was asked for that had no canned result (a test bug, usually). */
  readonly unmatched: string[];
}

const FAKE_BIN = '/usr/bin';

export function createFakeHost(spec: FakeHostSpec = {}): FakeHost {
  const commands = spec.commands ?? {};
  const files = spec.files ?? {};
  const dirs = spec.dirs ?? {};
  const paths = new Set(spec.paths ?? []);
  const calls: RecordedCall[] = [];
  const unmatched: string[] = [];

  // Which programs exist, by bare name → absolute path.
  const programs = new Map<string, string>();
  const addProgram = (token: string) => {
    const name = posix.basename(token);
    if (!programs.has(name)) programs.set(name, token.startsWith('/') ? token : `${FAKE_BIN}/${name}`);
  };
  for (const key of Object.keys(commands)) addProgram(key.split(' ')[0] ?? key);
  for (const p of spec.programs ?? []) addProgram(p);

  const lookup = (file: string, args: string[]) => {
    const name = posix.basename(file);
    const lines = [commandLine(file, args), commandLine(name, args), commandLine(programs.get(name) ?? name, args)];
    for (const line of lines) {
      const entry = commands[line];
      if (entry !== undefined) return { line, entry };
    }
    return { line: lines[0] ?? file, entry: undefined };
  };

  const childrenOf = (dir: string): string[] | null => {
    const listed = dirs[dir];
    if (listed) return [...listed].sort();
    const prefix = dir.endsWith('/') ? dir : `${dir}/`;
    const names = new Set<string>();
    for (const p of [...Object.keys(files), ...paths, ...Object.keys(dirs)]) {
      if (p.startsWith(prefix)) {
        const first = p.slice(prefix.length).split('/')[0];
        if (first) names.add(first);
      }
    }
    return names.size > 0 || paths.has(dir) ? [...names].sort() : null;
  };

  return {
    platform: spec.platform ?? 'linux',
    calls,
    unmatched,
    async which(name) {
      if (name.includes('/')) return [...programs.values()].includes(name) ? name : null;
      return programs.get(name) ?? null;
    },
    async run(file, args, opts = {}) {
      const { line, entry } = lookup(file, args);
      calls.push({ file, args: [...args], opts, line });
      const name = posix.basename(file);
      if (!programs.has(name)) {
        return { stdout: '', stderr: '', exitCode: null, error: `ENOENT: ${name} is not installed` };
      }
      if (entry === undefined) {
        unmatched.push(line);
        return { stdout: '', stderr: `fake host: no canned result for: ${line}`, exitCode: 127 };
      }
      const r = typeof entry === 'function' ? entry(opts) : entry;
      return { stdout: '', stderr: '', exitCode: r.error ? null : 0, ...r };
    },
    async readFile(path, opts = {}) {
      const content = files[path];
      if (content === undefined) return null;
      const buf = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
      return buf.subarray(0, opts.maxBytes ?? buf.length).toString('utf8');
    },
    async readFileBytes(path, maxBytes) {
      const content = files[path];
      if (content === undefined) return null;
      const buf = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
      return Buffer.from(buf.subarray(0, maxBytes));
    },
    async listDir(path) {
      return childrenOf(path);
    },
    async exists(path) {
      return path in files || paths.has(path) || childrenOf(path) !== null || [...programs.values()].includes(path);
    },
  };
}
