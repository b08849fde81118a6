import { LIMITS, type Account } from '@safefleet/protocol';
import { clip } from '../types.js';

type AccountInput = Account;

export interface PasswdEntry {
  username: string;
  uid: number;
  gid: number;
  home: string;
  shell: string;
}

/** /etc/passwd: `name:x:uid:gid:gecos:home:shell`. Malformed lines are skipped. */
export function parsePasswd(text: string): PasswdEntry[] {
  const out: PasswdEntry[] = [];
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f.length < 7 || !f[0] || line.startsWith('#') || line.startsWith('+') || line.startsWith('-')) continue;
    const uid = Number(f[2]);
    const gid = Number(f[3]);
    if (!/^\d+$/.test(f[2] ?? '') || !Number.isInteger(gid)) continue;
    // An empty shell field means /bin/sh (passwd(5)).
    out.push({ username: f[0], uid, gid, home: f[5] ?? '', shell: f[6]?.trim() || '/bin/sh' });
  }
  return out;
}

export interface ShadowEntry {
  password: string;
  /** Field 3 exactly as written: '' (ageing off), '0' (must change) or days since 1970-01-01. */
  lastChange: string;
}

/** /etc/shadow: `name:password:lastchange:min:max:warn:inactive:expire:`. */
export function parseShadow(text: string): Map<string, ShadowEntry> {
  const map = new Map<string, ShadowEntry>();
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f.length < 3 || !f[0]) continue;
    map.set(f[0], { password: f[1] ?? '', lastChange: (f[2] ?? '').trim() });
  }
  return map;
}

/** /etc/shells: one path per line, # comments. */
export function parseShells(text: string | null): Set<string> {
  const set = new Set<string>();
  for (const line of (text ?? '').split('\n')) {
    const s = line.trim();
    if (s && !s.startsWith('#')) set.add(s);
  }
  return set;
}

/** UID_MIN / UID_MAX from /etc/login.defs (defaults 1000 / 60000). */
export function parseLoginDefs(text: string | null): { uidMin: number; uidMax: number } {
  const get = (key: string, fallback: number) => {
    const m = new RegExp(`^\\s*${key}\\s+(\\d+)\\s*$`, 'm').exec(text ?? '');
    return m?.[1] ? Number(m[1]) : fallback;
  };
  return { uidMin: get('UID_MIN', 1000), uidMax: get('UID_MAX', 60000) };
}

const NOT_A_LOGIN_SHELL = /\/(nologin|false|sync|shutdown|halt)$/;
const NOBODY_UID = 65534;

/**
 * A person's account: a uid in the login.defs user range (not nobody) and a real login shell,
 * either listed in /etc/shells or living in /bin, /usr/bin or /usr/local/bin.
 * Accounts whose password is locked or not set are still listed (with a note) but not counted as
 * a person's password account (isHuman false): the quarterly password rule has no password to age.
 */
export function isHumanAccount(e: PasswdEntry, shells: Set<string>, range: { uidMin: number; uidMax: number }): boolean {
  if (e.uid < range.uidMin || e.uid > range.uidMax || e.uid === NOBODY_UID) return false;
  if (NOT_A_LOGIN_SHELL.test(e.shell)) return false;
  return shells.has(e.shell) || /^\/(usr\/(local\/)?)?bin\/[^/]+$/.test(e.shell);
}

const DAY_MS = 86_400_000;

/** One human account's password facts from its shadow entry (null = shadow unreadable). */
export function accountFromShadow(e: PasswdEntry, shadow: Map<string, ShadowEntry> | null): AccountInput {
  const base = { username: clip(e.username), isHuman: true, source: 'local' as const, uid: e.uid };
  const unknown = (note: string, mustChange = false): AccountInput => ({ ...base, passwordLastSetAt: null, mustChangeAtNextLogin: mustChange, note });
  if (!shadow) return unknown('password date unknown: /etc/shadow could not be read');
  const s = shadow.get(e.username);
  if (!s) return unknown('no entry in /etc/shadow (the password may be managed elsewhere, e.g. LDAP or SSSD)');
  const mustChange = s.lastChange === '0';
  if (s.password === '') return unknown('the account has no password: anyone can sign in to it without one', mustChange);
  if (s.password.startsWith('!') && s.password.length > 2 && s.password[1] === '$') {
    return { ...unknown('the password is locked, so it cannot be used to sign in', mustChange), isHuman: false };
  }
  if (s.password.startsWith('!') || s.password.startsWith('*')) {
    return {
      ...unknown('no password is set (sign-in by password is not possible; other methods such as SSH keys may be)', mustChange),
      isHuman: false,
    };
  }
  if (s.lastChange === '') return unknown('password ageing is switched off for this account');
  if (mustChange) return unknown('the password must be changed at the next sign-in', true);
  const days = Number(s.lastChange);
  if (!Number.isInteger(days) || days < 0) return unknown(`unreadable password date in /etc/shadow: ${clip(s.lastChange, 50)}`);
  return { ...base, passwordLastSetAt: new Date(days * DAY_MS).toISOString(), mustChangeAtNextLogin: false };
}

/** Human accounts only (root and system accounts are left out), sorted by uid. */
export function buildAccounts(
  passwd: PasswdEntry[],
  shadow: Map<string, ShadowEntry> | null,
  shells: Set<string>,
  range: { uidMin: number; uidMax: number },
): AccountInput[] {
  const seen = new Set<string>();
  return passwd
    .filter((e) => isHumanAccount(e, shells, range))
    .filter((e) => (seen.has(e.username) ? false : (seen.add(e.username), true)))
    .sort((a, b) => a.uid - b.uid)
    .slice(0, LIMITS.maxAccounts)
    .map((e) => accountFromShadow(e, shadow));
}
