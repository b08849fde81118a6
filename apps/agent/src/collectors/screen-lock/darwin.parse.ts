/** Pure parsers for macOS screen-lock settings and signed-in users. */
import type { ScreenLockUser } from '@safefleet/protocol';
import { clip } from '../types.js';

/** Accounts that own the console without being a person (login window, setup assistant). */
const NOT_A_PERSON = /^(root|loginwindow|_mbsetupuser|_.*)$/;

/** `stat -f %Su /dev/console` → the person at the screen, or null at the login window. */
export function parseConsoleOwner(stdout: string): string | null {
  const u = stdout.trim().split('\n')[0]?.trim() ?? '';
  return u && !NOT_A_PERSON.test(u) ? u : null;
}

/** `who`: people with a `console` line (several with fast user switching), in order, once each. */
export function parseWhoConsoleUsers(stdout: string): string[] {
  const out: string[] = [];
  for (const line of stdout.split('\n')) {
    const [user, tty] = line.trim().split(/\s+/);
    if (user && tty === 'console' && !NOT_A_PERSON.test(user) && !out.includes(user)) out.push(user);
  }
  return out;
}

export interface MacUserIds {
  uid: number;
  gid: number;
  home: string;
}

/** `id -P <user>`: a master.passwd line `name:pw:uid:gid:class:change:expire:gecos:home:shell`. */
export function parseIdP(stdout: string): MacUserIds | null {
  const f = (stdout.trim().split('\n')[0] ?? '').split(':');
  if (f.length < 7 || !/^\d+$/.test(f[2] ?? '') || !/^-?\d+$/.test(f[3] ?? '')) return null;
  const home = (f.length >= 10 ? f[8] : f[5]) ?? '';
  return { uid: Number(f[2]), gid: Number(f[3]), home: home.startsWith('/') ? home : `/Users/${f[0]}` };
}

export type LockSetting = { enabled: true; delaySeconds: number } | { enabled: false } | null;

/**
 * `sysadminctl -screenLock status` (printed on stderr behind a log prefix such as
 * "2026-09-21 20:50:02.423 sysadminctl[22746:23830390] "): "screenLock delay is immediate",
 * "screenLock delay is 300 seconds", "screenLock is off"; a delay of -1 also means off.
 */
export function parseScreenLockStatus(text: string): LockSetting {
  if (/screenLock (delay )?is off/i.test(text)) return { enabled: false };
  if (/screenLock delay is immediate/i.test(text)) return { enabled: true, delaySeconds: 0 };
  const m = /screenLock delay is (-?\d+(?:\.\d+)?) seconds/i.exec(text);
  if (!m?.[1]) return null;
  const n = Number(m[1]);
  return n < 0 ? { enabled: false } : { enabled: true, delaySeconds: Math.round(n) };
}

/**
 * `defaults -currentHost read com.apple.screensaver idleTime`: seconds (0 = never). 'unset' when
 * the key does not exist (macOS then uses its default, which is not assumed here); null when the
 * answer cannot be read.
 */
export function parseIdleTime(stdout: string, stderr: string): number | 'unset' | null {
  const v = stdout.trim();
  if (/^\d+$/.test(v)) return Number(v);
  if (/does not exist/i.test(stderr)) return 'unset';
  return null;
}

/**
 * `pmset -g`: the `displaysleep` minutes of the "Currently in use" settings (0 = never); a
 * trailing note such as "(display sleep prevented by …)" is ignored.
 */
export function parsePmsetDisplaySleep(stdout: string): number | null {
  const lines = stdout.split('\n');
  const start = lines.findIndex((l) => /Currently in use:/i.test(l));
  for (const line of start >= 0 ? lines.slice(start + 1) : lines) {
    if (start >= 0 && /^\S.*:\s*$/.test(line)) break; // the next section ("AC Power:")
    const m = /^\s*displaysleep\s+(\d+)\b/.exec(line);
    if (m?.[1]) return Number(m[1]);
  }
  return null;
}

/**
 * One person's screen lock. The screen blanks at whichever comes first of the screen saver and
 * display sleep (0 = never for each); the password is asked after lockDelaySeconds. When the
 * screen saver key is unset, display sleep alone is used; when nothing is known, null.
 */
export function macScreenLockUser(
  user: string,
  lock: LockSetting,
  screensaverIdle: number | 'unset' | null,
  displaySleepMinutes: number | null,
): ScreenLockUser {
  const candidates = [screensaverIdle, displaySleepMinutes === null ? null : displaySleepMinutes * 60];
  const positive = candidates.filter((c): c is number => typeof c === 'number' && c > 0);
  const allNever = candidates.every((c) => c === 0);
  return {
    user: clip(user),
    lockEnabled: lock === null ? null : lock.enabled,
    idleSeconds: positive.length > 0 ? Math.min(...positive) : allNever ? 0 : null,
    lockDelaySeconds: lock?.enabled ? lock.delaySeconds : null,
    source: 'macos',
  };
}
