/**
 * The capture bundle: what a recording Host saw on one machine, as plain data. In memory it is a
 * CaptureData; on disk it is a directory of JSON and plain files (see docs/capture-bundles.md,
 * capture-writer.ts and replay-loader.ts). The replay Host answers from the same CaptureData.
 */
import type { OsInfoData } from './capture-os-info.js';
import type { HostPlatform } from './host.js';

export const BUNDLE_FORMAT = 'safefleet-capture-bundle';
export const BUNDLE_VERSION = 1;

/** bundle.json: who, where and when. */
export interface BundleMeta {
  format: typeof BUNDLE_FORMAT;
  version: number;
  platform: HostPlatform;
  /** The agent that made the capture. */
  agentVersion: string;
  capturedAt: string;
  hostname: string;
  /**
   * The machine's time zone (IANA name). Some tools print local times (apt's history.log), so a
   * replay runs in this zone to read them as the machine did.
   */
  timeZone?: string;
  /** What was changed or left out for privacy, in words (shown to whoever reads the bundle). */
  redactions: string[];
  /** Free text, e.g. how a test bundle was made. */
  note?: string;
}

/** One run() call and what it gave. */
export interface CapturedCommand {
  /** As the collector asked for it: a bare name ("apt") or an absolute path. */
  file: string;
  args: string[];
  /** Run as this user / group (e.g. gsettings in a keeper's session). */
  uid?: number;
  gid?: number;
  stdout: string;
  stderr: string;
  exitCode: number | null;
  error?: string;
  timedOut?: boolean;
  truncated?: boolean;
}

/** A file the collectors read: its bytes (possibly redacted), or that it was missing/unreadable. */
export type CapturedFile = { missing: true } | { content: Buffer; redacted?: string };

export interface CaptureData {
  platform: HostPlatform;
  commands: CapturedCommand[];
  files: Map<string, CapturedFile>;
  /** listDir answers; null = missing or unreadable. */
  dirs: Map<string, string[] | null>;
  which: Map<string, string | null>;
  exists: Map<string, boolean>;
  /** systeminformation osInfo(), when a collector asked for it. */
  osInfo?: OsInfoData | { error: string };
}

export function emptyCaptureData(platform: HostPlatform): CaptureData {
  return { platform, commands: [], files: new Map(), dirs: new Map(), which: new Map(), exists: new Map() };
}

/** Base name of a program path, for / and \ separators ("C:\\x\\pwsh.exe" → "pwsh.exe"). */
export function programName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

/** Text that round-trips through UTF-8 and has no control characters besides tab, CR, LF, FF. */
export function isPlainText(buf: Buffer): boolean {
  const text = buf.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(buf)) return false;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text);
}

/**
 * Where a machine path is stored inside the bundle's files/ folder: the same path, made safe
 * ("/etc/passwd" → "etc/passwd", "C:\\Users\\a\\x.txt" → "C/Users/a/x.txt"). `taken` holds the
 * paths already used; a clash (one path a folder of another) falls back to files/_/<n>-<name>.
 */
export function mirrorPath(machinePath: string, taken: Set<string>): string {
  const parts = machinePath
    .split(/[\\/]+/)
    .filter((s) => s.length > 0)
    .map((s) => s.replace(/:$/, '').replace(/[^\w.@+=,~ -]/g, '_'))
    .map((s) => (s === '' || s === '.' || s === '..' || s === '_' ? `_${s}` : s));
  let rel = parts.join('/');
  const clash = (r: string) => r.length === 0 || taken.has(r) || [...taken].some((t) => t.startsWith(`${r}/`) || r.startsWith(`${t}/`));
  if (clash(rel)) rel = `_/${taken.size + 1}-${parts[parts.length - 1] ?? 'file'}`;
  taken.add(rel);
  return rel;
}

/** Is `rel` a plain relative path that stays inside the bundle (no "..", not absolute)? */
export function isSafeRelative(rel: string): boolean {
  if (rel.length === 0 || rel.startsWith('/') || rel.includes('\\') || /^[A-Za-z]:/.test(rel)) return false;
  return rel.split('/').every((s) => s.length > 0 && s !== '.' && s !== '..');
}
