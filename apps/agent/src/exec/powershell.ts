/**
 * Windows PowerShell runner. Collectors hand it a script; it runs the 64-bit Windows PowerShell
 * 5.1 (always installed) through the Host and returns the parsed JSON, or plain words on failure.
 *
 * Scripts are exported constants so a capture/replay can key commands by
 * `commandLine(powershellPath(), powershellArgs(SCRIPT))` (or `powershell.exe …`, which the fake
 * host also matches). Scripts never contain double quotes or `#` comments: they travel as one
 * command-line argument, and single quotes survive every quoting layer unchanged.
 */
import type { CommandResult, Host } from './host.js';

export const POWERSHELL_FLAGS = ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command'] as const;
export const DEFAULT_PS_TIMEOUT_MS = 60_000;

/**
 * Put in front of every script: UTF-8 output (where there is a console to set it on), no progress
 * noise, PS 5.1's `{value,Count}` array quirk switched off, and small helpers every script may use:
 * - `Iso $d`: a DateTime as UTC ISO-8601 (`.ToUniversalTime().ToString('o')`), else null;
 * - `IsoUtc $d`: the same for values that already are UTC but come without a kind (WUA COM dates);
 * - `Hr $_`: an error's HRESULT as `0x800106BA`;
 * - `SidName $sid`: `DOMAIN\name` of a SID, or null when Windows cannot say;
 * - `Ascii $s`: JSON text with every non-ASCII character written as `\uXXXX`, so the output reads
 *   the same whatever code page the console (or the lack of one, for a detached child) uses.
 */
export const PS_PRELUDE = [
  'try { [Console]::OutputEncoding=[Text.Encoding]::UTF8 } catch { };',
  `$ProgressPreference='SilentlyContinue';`,
  'Remove-TypeData System.Array -ErrorAction SilentlyContinue;',
  `function Iso($d){ if($d -is [datetime]){ $d.ToUniversalTime().ToString('o') } else { $null } };`,
  `function IsoUtc($d){ if($d -is [datetime]){ [datetime]::SpecifyKind($d,'Utc').ToString('o') } else { $null } };`,
  `function Hr($e){ '0x{0:X8}' -f $e.Exception.HResult };`,
  'function SidName($s){ try { (New-Object System.Security.Principal.SecurityIdentifier($s)).Translate([System.Security.Principal.NTAccount]).Value } catch { $null } };',
  String.raw`function Ascii($s){ [regex]::Replace([string]$s, '[^\x00-\x7F]', { param($m) '\u{0:x4}' -f [int][char]$m.Value }) };`,
].join(' ');

type Env = Record<string, string | undefined>;

/**
 * System32, or Sysnative from a 32-bit Node on 64-bit Windows (WOW64 would otherwise redirect
 * System32 to the 32-bit SysWOW64, where e.g. Get-LocalUser does not exist). Forward slashes:
 * Windows accepts them, command lines stay unquoted, and the Host's absolute-path check
 * (`which`) recognises the path.
 */
export function windowsSystemDir(env: Env = process.env, arch: string = process.arch): string {
  const root = (env.SystemRoot ?? env.windir ?? 'C:\\Windows').replace(/\\/g, '/').replace(/\/+$/, '');
  const wow64 = arch === 'ia32' && !!env.PROCESSOR_ARCHITEW6432;
  return `${root}/${wow64 ? 'Sysnative' : 'System32'}`;
}

export function powershellPath(env: Env = process.env, arch: string = process.arch): string {
  return `${windowsSystemDir(env, arch)}/WindowsPowerShell/v1.0/powershell.exe`;
}

/** The script runs in a script block whose output (the JSON text) goes through `Ascii`. */
export function powershellArgs(script: string): string[] {
  return [...POWERSHELL_FLAGS, `${PS_PRELUDE} & { ${script} } | ForEach-Object { Ascii $_ }`];
}

/** Windows variables PowerShell and WMI need (the Host otherwise gives children a bare env). */
const PASS_ENV = [
  'SystemRoot',
  'windir',
  'SystemDrive',
  'ProgramData',
  'ProgramFiles',
  'ProgramFiles(x86)',
  'ProgramW6432',
  'CommonProgramFiles',
  'CommonProgramW6432',
  'ALLUSERSPROFILE',
  'PUBLIC',
  'TEMP',
  'TMP',
  'USERPROFILE',
  'LOCALAPPDATA',
  'APPDATA',
  'COMPUTERNAME',
  'NUMBER_OF_PROCESSORS',
  'PATHEXT',
  'ComSpec',
  'PSModulePath',
] as const;

export function windowsChildEnv(env: Env = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of PASS_ENV) {
    const v = env[k];
    if (v) out[k] = v;
  }
  const root = out.SystemRoot ?? 'C:\\Windows';
  out.SystemRoot = root;
  out.PATH = [`${root}\\System32`, `${root}\\System32\\Wbem`, `${root}\\System32\\WindowsPowerShell\\v1.0`].join(';');
  return out;
}

export type PowerShellResult = { ok: true; data: unknown; stderr: string } | { ok: false; error: string; timedOut: boolean };

export interface PowerShellOptions {
  timeoutMs?: number;
  /** How the step is named in error messages, e.g. "Windows Update". Default "PowerShell". */
  what?: string;
}

export async function runPowerShell(host: Host, script: string, opts: PowerShellOptions = {}): Promise<PowerShellResult> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_PS_TIMEOUT_MS;
  const r = await host.run(powershellPath(), powershellArgs(script), { timeoutMs, env: windowsChildEnv() });
  return interpretPowerShell(r, opts.what ?? 'PowerShell', timeoutMs);
}

/** Pure: a finished PowerShell run → data or plain words. */
export function interpretPowerShell(r: CommandResult, what: string, timeoutMs: number): PowerShellResult {
  const fail = (error: string, timedOut = false): PowerShellResult => ({ ok: false, error, timedOut });
  if (r.error) return fail(`${what} could not be started: ${r.error}`);
  if (r.timedOut) return fail(`${what} did not answer within ${Math.round(timeoutMs / 1000)} s`, true);
  if (r.truncated) return fail(`${what} printed more output than the agent keeps`);
  const detail = psErrorText(r.stderr);
  if (r.exitCode !== 0 && r.stdout.replace(/^\uFEFF/, '').trim() === '') {
    return fail(`${what} failed (exit code ${r.exitCode ?? 'none'})${detail ? `: ${detail}` : ''}`);
  }
  const parsed = parsePsJson(r.stdout);
  if (parsed.ok) return { ok: true, data: parsed.value, stderr: r.stderr };
  const printed = r.stdout.replace(/\s+/g, ' ').trim().slice(0, 200);
  return fail(`${what} did not print JSON${detail ? ` (${detail})` : ''}: ${printed}`);
}

/**
 * PowerShell's stdout → JSON value. Tolerates a UTF-8 BOM, CRLF, "WARNING: …" lines before the
 * JSON (the console host prints warnings on stdout) and PS 5.1's `{"value":[…],"Count":n}`
 * wrapping of arrays. Empty output is an empty list (e.g. `@() | ConvertTo-Json` prints nothing).
 */
export function parsePsJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  const t = text.replace(/\uFEFF/g, '').trim();
  if (t === '') return { ok: true, value: [] };
  const candidates = [
    t,
    ...t
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => /^[[{]/.test(l))
      .reverse(),
  ];
  for (const c of candidates) {
    try {
      return { ok: true, value: unwrapPsArrays(JSON.parse(c)) };
    } catch {
      // try the next candidate
    }
  }
  return { ok: false, error: 'not JSON' };
}

function unwrapPsArrays(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(unwrapPsArrays);
  if (v === null || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length === 2 && Array.isArray(o.value) && typeof o.Count === 'number') return unwrapPsArrays(o.value);
  return Object.fromEntries(keys.map((k) => [k, unwrapPsArrays(o[k])]));
}

/** null/undefined → [], one object → [object], a list stays a list. */
export function asArray(v: unknown): unknown[] {
  if (v === null || v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

export function asRecord(v: unknown): Record<string, unknown> | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

const MS_DATE = /^\\?\/Date\((-?\d+)(?:[+-]\d{4})?\)\\?\/$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * A date as PowerShell may print it → ISO-8601 UTC, or null. Accepts ISO strings (from
 * `.ToString('o')`; no offset = UTC), `/Date(1717488387000)/` and `\/Date(…)\/` (PS 5.1), and
 * the `{value, DisplayHint, DateTime}` wrapper. Dates before 1980 (DateTime.MinValue, FILETIME 0)
 * mean "never" and give null.
 */
export function parsePsDate(v: unknown): string | null {
  const o = asRecord(v);
  if (o) return 'value' in o ? parsePsDate(o.value) : null;
  if (typeof v !== 'string') return null;
  const s = v.trim();
  const ms = MS_DATE.exec(s);
  let d: Date | null = null;
  if (ms) d = new Date(Number(ms[1]));
  else if (ISO_DATE.test(s)) d = new Date(/(Z|[+-]\d{2}:?\d{2})$/.test(s) ? s : `${s}Z`);
  if (!d || Number.isNaN(d.getTime())) return null;
  const year = d.getUTCFullYear();
  return year < 1980 || year > 9000 ? null : d.toISOString();
}

/** First line of a PowerShell error on stderr (plain text or `#< CLIXML`), without the noise. */
export function psErrorText(stderr: string): string {
  let text = stderr;
  if (text.trimStart().startsWith('#< CLIXML')) {
    const errs = [...text.matchAll(/<S S="Error">([^<]*)<\/S>/g)].map((m) => m[1] ?? '');
    text = errs
      .join('')
      .replace(/_x000D_/g, '')
      .replace(/_x000A_/g, '\n')
      .replace(/&apos;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  }
  const line = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l.length > 0 && !/^(At line:|\+ |\+$|CategoryInfo|FullyQualifiedErrorId)/.test(l));
  return (line ?? '').slice(0, 300);
}
