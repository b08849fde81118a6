import { spawn } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import { access, open, readdir, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import {
  DEFAULT_MAX_BUFFER,
  DEFAULT_MAX_FILE_BYTES,
  DEFAULT_TIMEOUT_MS,
  SEARCH_DIRS,
  type CommandResult,
  type Host,
  type HostPlatform,
  type RunOptions,
} from './host.js';

/** Grace period for a killed process to close its pipes before we give up waiting. */
const KILL_GRACE_MS = 2_000;

/** The real machine. */
export function createLocalHost(): Host {
  const platform = toHostPlatform(process.platform);
  const which = async (name: string): Promise<string | null> => {
    if (name.includes('/')) return isAbsolute(name) && (await isExecutableFile(name)) ? name : null;
    for (const dir of SEARCH_DIRS) {
      const candidate = join(dir, name);
      if (await isExecutableFile(candidate)) return candidate;
    }
    return null;
  };
  return {
    platform,
    which,
    async run(file, args, opts = {}) {
      const resolved = await which(file);
      if (!resolved) {
        return { stdout: '', stderr: '', exitCode: null, error: `ENOENT: ${file} is not installed (looked in ${SEARCH_DIRS.join(', ')})` };
      }
      return spawnBounded(resolved, args, opts);
    },
    async readFile(path, opts = {}) {
      const bytes = await readBounded(path, opts.maxBytes ?? DEFAULT_MAX_FILE_BYTES);
      return bytes === null ? null : bytes.toString('utf8');
    },
    readFileBytes: (path, maxBytes) => readBounded(path, maxBytes),
    async listDir(path) {
      try {
        return (await readdir(path)).sort();
      } catch {
        return null;
      }
    },
    async exists(path) {
      try {
        await stat(path);
        return true;
      } catch {
        return false;
      }
    },
  };
}

function toHostPlatform(p: NodeJS.Platform): HostPlatform {
  if (p === 'darwin' || p === 'win32') return p;
  // Everything Unix-like that is not macOS is treated as Linux; the registry decides what runs.
  return 'linux';
}

async function isExecutableFile(path: string): Promise<boolean> {
  try {
    const s = await stat(path);
    if (!s.isFile()) return false;
    await access(path, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function readBounded(path: string, maxBytes: number): Promise<Buffer | null> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(path, 'r');
    const chunks: Buffer[] = [];
    let total = 0;
    // Read until EOF rather than trusting stat size: /proc and /sys files report size 0.
    while (total < maxBytes) {
      const want = Math.min(64 * 1024, maxBytes - total);
      const buf = Buffer.alloc(want);
      const { bytesRead } = await handle.read(buf, 0, want, null);
      if (bytesRead === 0) break;
      chunks.push(buf.subarray(0, bytesRead));
      total += bytesRead;
    }
    return Buffer.concat(chunks, total);
  } catch {
    return null;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** A clean environment: the agent's own variables (tokens, proxies) are not handed to tools. */
function childEnv(extra: Record<string, string> | undefined): Record<string, string> {
  return {
    PATH: SEARCH_DIRS.join(':'),
    HOME: process.env.HOME ?? '/',
    ...extra,
    LC_ALL: 'C',
    LANG: 'C',
  };
}

function spawnBounded(path: string, args: string[], opts: RunOptions): Promise<CommandResult> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBuffer = opts.maxBuffer ?? DEFAULT_MAX_BUFFER;
  return new Promise<CommandResult>((resolve) => {
    const out = new Collector(maxBuffer);
    const err = new Collector(maxBuffer);
    let timedOut = false;
    let settled = false;
    let graceTimer: NodeJS.Timeout | undefined;

    const finish = (r: Omit<CommandResult, 'stdout' | 'stderr'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(graceTimer);
      const result: CommandResult = { stdout: out.text(), stderr: err.text(), ...r };
      if (timedOut) result.timedOut = true;
      if (out.truncated || err.truncated) result.truncated = true;
      resolve(result);
    };

    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(path, args, {
        env: childEnv(opts.env),
        stdio: ['ignore', 'pipe', 'pipe'],
        // Own process group, so a timeout kills the tool and anything it started.
        detached: true,
        windowsHide: true,
        ...(opts.uid !== undefined ? { uid: opts.uid } : {}),
        ...(opts.gid !== undefined ? { gid: opts.gid } : {}),
      });
    } catch (e) {
      resolve({ stdout: '', stderr: '', exitCode: null, error: errorText(e) });
      return;
    }

    let killed = false;
    const kill = () => {
      if (killed) return;
      killed = true;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
      graceTimer = setTimeout(() => finish({ exitCode: null }), KILL_GRACE_MS);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, timeoutMs);

    child.stdout?.on('data', (chunk: Buffer) => {
      if (!out.push(chunk)) kill();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      if (!err.push(chunk)) kill();
    });
    child.on('error', (e) => finish({ exitCode: null, error: errorText(e) }));
    child.on('close', (code) => finish({ exitCode: code }));
  });
}

/** Keeps at most `max` bytes; push() returns false once the limit is passed. */
class Collector {
  private chunks: Buffer[] = [];
  private size = 0;
  truncated = false;
  constructor(private readonly max: number) {}
  push(chunk: Buffer): boolean {
    if (this.truncated) return false;
    const room = this.max - this.size;
    if (chunk.length > room) {
      this.chunks.push(chunk.subarray(0, room));
      this.size = this.max;
      this.truncated = true;
      return false;
    }
    this.chunks.push(chunk);
    this.size += chunk.length;
    return true;
  }
  text(): string {
    return Buffer.concat(this.chunks, this.size).toString('utf8');
  }
}

function errorText(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as NodeJS.ErrnoException).code;
    return code && !e.message.startsWith(code) ? `${code}: ${e.message}` : e.message;
  }
  return String(e);
}
