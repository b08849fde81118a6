/** Pure parsers for macOS local accounts and password dates (dscl output). */
import type { Account } from '@safefleet/protocol';
import { isDict, parsePlistXml } from '../../exec/plist.js';
import { clip } from '../types.js';

export interface DsclUser {
  username: string;
  uid: number;
}

/** `dscl . -list /Users UniqueID`: `name   uid` rows (uids may be negative, e.g. nobody -2). */
export function parseDsclUserList(stdout: string): DsclUser[] {
  const out: DsclUser[] = [];
  for (const line of stdout.split('\n')) {
    const m = /^(\S+)\s+(-?\d+)\s*$/.exec(line.trim());
    if (m?.[1]) out.push({ username: m[1], uid: Number(m[2]) });
  }
  return out;
}

/** People sign in with uid 501 and up; `_name` accounts are Apple's service accounts. */
export function isHumanCandidate(u: DsclUser): boolean {
  return u.uid >= 501 && !u.username.startsWith('_');
}

const NO_LOGIN_SHELL = /^\/(usr\/)?(s?bin)\/(false|nologin)$|\/uucico$/;

/** A shell that lets the account sign in; an unknown shell (null) does not rule it out. */
export function hasLoginShell(shell: string | null): boolean {
  return shell === null || (shell !== '' && !NO_LOGIN_SHELL.test(shell));
}

/**
 * `dscl . -read /Users/<u> <Key>`: `Key: value` on one line, or `Key:` with the values on the
 * following indented lines. Null when the key is absent ("No such key: …" on stderr).
 */
export function parseDsclAttribute(stdout: string, key: string): string | null {
  const lines = stdout.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (!line.startsWith(`${key}:`)) continue;
    const inline = line.slice(key.length + 1).trim();
    if (inline) return inline;
    const more: string[] = [];
    for (let j = i + 1; j < lines.length && /^\s/.test(lines[j] ?? ''); j++) more.push((lines[j] ?? '').trim());
    const joined = more.filter(Boolean).join(' ');
    return joined || null;
  }
  return null;
}

/** `dscl . -readpl /Users/<u> accountPolicyData passwordLastSetTime` → `passwordLastSetTime: 1649687200.123456`. */
export function parseReadplPasswordTime(stdout: string): Date | null {
  const m = /passwordLastSetTime:\s*(\d+(?:\.\d+)?)\s*$/m.exec(stdout);
  return m?.[1] ? epochSeconds(Number(m[1])) : null;
}

/** `dscl . -read /Users/<u> accountPolicyData`: the XML plist after the attribute name. */
export function parseAccountPolicyData(stdout: string): { passwordLastSetAt: Date | null; hasPolicyData: boolean } {
  const plist = parsePlistXml(stdout);
  if (!isDict(plist)) return { passwordLastSetAt: null, hasPolicyData: false };
  const t = plist.passwordLastSetTime;
  return { passwordLastSetAt: typeof t === 'number' ? epochSeconds(t) : null, hasPolicyData: true };
}

/** SMBPasswordLastSet is a Windows FILETIME (100 ns since 1601-01-01). 0 = must change. */
export function fileTimeToDate(value: string | null): Date | null {
  if (!value || !/^\d+$/.test(value.trim())) return null;
  const ft = BigInt(value.trim());
  if (ft === 0n) return null;
  const ms = Number(ft / 10_000n) - 11_644_473_600_000;
  return epochSeconds(ms / 1000);
}

function epochSeconds(s: number): Date | null {
  // Nothing before 2001 (macOS 10.0) is a real password date on a Mac.
  return Number.isFinite(s) && s > 978_307_200 ? new Date(Math.floor(s * 1000)) : null;
}

export interface DarwinAccountObservation {
  username: string;
  uid: number;
  /** Network account cached on this Mac (Active Directory mobile account): OriginalNodeName. */
  originalNodeName: string | null;
  /** From passwordLastSetTime (readpl or the accountPolicyData plist). */
  localPasswordSetAt: Date | null;
  /** From SMBPasswordLastSet (directory accounts). */
  smbPasswordSetAt: Date | null;
  /** Why nothing could be read, when a command failed. */
  problem: string | null;
}

/**
 * One person's account. Directory (mobile) accounts are source 'domain' and prefer the
 * directory's own date (SMBPasswordLastSet); local accounts use passwordLastSetTime. A missing
 * date is null with a note, never a made-up one.
 */
export function buildDarwinAccount(o: DarwinAccountObservation): Account {
  const domain = o.originalNodeName !== null;
  const at = domain ? (o.smbPasswordSetAt ?? o.localPasswordSetAt) : o.localPasswordSetAt;
  const base = {
    username: clip(o.username),
    isHuman: true,
    mustChangeAtNextLogin: false,
    source: domain ? ('domain' as const) : ('local' as const),
    uid: o.uid,
  };
  if (at) return { ...base, passwordLastSetAt: at.toISOString() };
  const note = o.problem
    ? `password date unknown: ${o.problem}`
    : domain
      ? `network account from ${o.originalNodeName}: its password date is kept by the directory, not on this Mac`
      : 'macOS has no record of when this password was set';
  return { ...base, passwordLastSetAt: null, note: clip(note) };
}
