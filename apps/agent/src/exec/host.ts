/**
 * The Host is the only way collectors touch the machine: every command they run and every file
 * or directory they read goes through it. That keeps collectors testable with a fake host and
 * lets a later capture/replay feature record and replay a whole collection.
 */
import type { ComputerPlatform } from '@safefleet/protocol';

export interface CommandResult {
  stdout: string;
  stderr: string;
  /** null when the process did not exit normally (spawn failure, killed by a signal or timeout). */
  exitCode: number | null;
  /** Spawn failure, e.g. "ENOENT: …" when the program is not installed. */
  error?: string;
  /** The process ran past its timeout and was killed. */
  timedOut?: boolean;
  /** Output went past maxBuffer; the process was stopped and stdout/stderr are cut short. */
  truncated?: boolean;
}

export interface RunOptions {
  /** Default DEFAULT_TIMEOUT_MS. */
  timeoutMs?: number;
  /** Added to the child's small, clean environment (the agent's own environment is not passed on). */
  env?: Record<string, string>;
  /** Run as this user / group (needs root), e.g. gsettings in a keeper's session. */
  uid?: number;
  gid?: number;
  /** Bytes kept from each of stdout and stderr. Default DEFAULT_MAX_BUFFER. */
  maxBuffer?: number;
}

/** The computers the agent runs on (protocol's ComputerPlatform). */
export type HostPlatform = ComputerPlatform;

export interface Host {
  platform: HostPlatform;
  /**
   * Run a program without a shell, with LC_ALL=C and LANG=C, a timeout and bounded output.
   * A bare name is resolved with which(); a program that is not installed gives
   * `{ exitCode: null, error: 'ENOENT: …' }` rather than throwing. Never throws.
   */
  run(file: string, args: string[], opts?: RunOptions): Promise<CommandResult>;
  /** Absolute path of an installed program found in SEARCH_DIRS, or null when it is not installed. */
  which(name: string): Promise<string | null>;
  /** Text content (UTF-8), null when missing or unreadable. */
  readFile(path: string, opts?: { maxBytes?: number }): Promise<string | null>;
  /** First maxBytes bytes, null when missing or unreadable (e.g. the ClamAV database header). */
  readFileBytes(path: string, maxBytes: number): Promise<Buffer | null>;
  /** Entry names (sorted), null when the directory is missing or unreadable. */
  listDir(path: string): Promise<string[] | null>;
  exists(path: string): Promise<boolean>;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_BUFFER = 16 * 1024 * 1024;
export const DEFAULT_MAX_FILE_BYTES = 16 * 1024 * 1024;

/** Where programs are looked for, in order: distribution directories before /usr/local. */
export const SEARCH_DIRS = ['/usr/bin', '/bin', '/usr/sbin', '/sbin', '/usr/local/bin', '/snap/bin'] as const;

/** A readable one-line command line, used as the key of fake-host tables and in error messages. */
export function commandLine(file: string, args: readonly string[]): string {
  return [file, ...args].map(quoteArg).join(' ');
}

function quoteArg(arg: string): string {
  if (/^[\w@%+=:,./-]+$/.test(arg)) return arg;
  const escaped = arg.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/'/g, "\\'");
  return `'${escaped}'`;
}

/** Plain words for why a command did not give a usable answer; null when it exited 0. */
export function describeFailure(name: string, r: CommandResult): string | null {
  if (r.error) return `${name} could not be started: ${r.error}`;
  if (r.timedOut) return `${name} took too long and was stopped`;
  if (r.exitCode === 0) return null;
  const detail = firstLine(r.stderr) || firstLine(r.stdout);
  const how = r.exitCode === null ? 'was stopped' : `exited with code ${r.exitCode}`;
  return detail ? `${name} ${how}: ${detail}` : `${name} ${how}`;
}

/** True when the result says the program is simply not installed. */
export function isNotInstalled(r: CommandResult): boolean {
  return r.exitCode === null && typeof r.error === 'string' && r.error.startsWith('ENOENT');
}

function firstLine(text: string): string {
  const line = text
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.length > 0 && !/^WARNING: apt does not have a stable CLI/.test(l));
  return (line ?? '').slice(0, 300);
}
