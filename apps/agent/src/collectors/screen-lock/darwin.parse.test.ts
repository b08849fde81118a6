import { readFileSync } from 'node:fs';
import { ScreenLockUser } from '@safefleet/protocol';
import { describe, expect, it } from 'vitest';
import {
  macScreenLockUser,
  parseConsoleOwner,
  parseIdleTime,
  parseIdP,
  parsePmsetDisplaySleep,
  parseScreenLockStatus,
  parseWhoConsoleUsers,
} from './darwin.parse.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/darwin/${name}`, import.meta.url), 'utf8');

describe('who is at the screen', () => {
  it('console owner; the login window (root) is nobody', () => {
    expect(parseConsoleOwner(fixture('stat-console.alice.txt'))).toBe('alice');
    expect(parseConsoleOwner(fixture('stat-console.login-window.txt'))).toBeNull();
    expect(parseConsoleOwner('_mbsetupuser\n')).toBeNull();
    expect(parseConsoleOwner('')).toBeNull();
  });

  it('who: every console user once (fast user switching); SSH sessions are not at the screen', () => {
    expect(parseWhoConsoleUsers(fixture('who.fast-user-switching.txt'))).toEqual(['alice', 'bob']);
    expect(parseWhoConsoleUsers(fixture('who.ssh-only.txt'))).toEqual([]);
  });

  it('id -P: uid, gid and home from the master.passwd line', () => {
    expect(parseIdP(fixture('id-P.alice.txt'))).toEqual({ uid: 501, gid: 20, home: '/Users/alice' });
    expect(parseIdP(fixture('id-P.unknown.stderr.txt'))).toBeNull();
    expect(parseIdP('carol:*:503:20:Carol:/Users/carol:/bin/zsh\n')).toEqual({ uid: 503, gid: 20, home: '/Users/carol' });
  });
});

describe('settings', () => {
  it.each([
    ['sysadminctl-screenLock.immediate.stderr.txt', { enabled: true, delaySeconds: 0 }],
    ['sysadminctl-screenLock.5-seconds.stderr.txt', { enabled: true, delaySeconds: 5 }],
    ['sysadminctl-screenLock.300-seconds.stderr.txt', { enabled: true, delaySeconds: 300 }],
    ['sysadminctl-screenLock.off.stderr.txt', { enabled: false }],
    ['sysadminctl-screenLock.minus-one.stderr.txt', { enabled: false }],
    ['sysadminctl-screenLock.odd.stderr.txt', null],
  ])('sysadminctl %s', (name, want) => {
    expect(parseScreenLockStatus(fixture(name))).toEqual(want);
  });

  it.each([
    ['defaults-idleTime.1200.txt', '', 1200],
    ['defaults-idleTime.0.txt', '', 0],
    [null, 'defaults-idleTime.unset.stderr.txt', 'unset'],
    [null, null, null],
  ])('idleTime stdout %s stderr %s → %s', (out, err, want) => {
    expect(parseIdleTime(out ? fixture(out) : '', err ? fixture(err) : '')).toBe(want);
  });

  it('pmset displaysleep from "Currently in use"; a "prevented by" note is ignored', () => {
    expect(parsePmsetDisplaySleep(fixture('pmset-g.sonoma.txt'))).toBe(10);
    expect(parsePmsetDisplaySleep(fixture('pmset-g.never-prevented.txt'))).toBe(0);
    expect(parsePmsetDisplaySleep('Battery Power:\n displaysleep         2\nAC Power:\n displaysleep         10\n')).toBe(2);
    expect(parsePmsetDisplaySleep('')).toBeNull();
  });
});

describe('macScreenLockUser', () => {
  const on = { enabled: true as const, delaySeconds: 5 };
  it.each([
    ['screen saver first', on, 300, 10, { lockEnabled: true, idleSeconds: 300, lockDelaySeconds: 5 }],
    ['display sleep first', on, 1200, 10, { idleSeconds: 600 }],
    ['screen saver never: display sleep decides', on, 0, 10, { idleSeconds: 600 }],
    ['both never', on, 0, 0, { idleSeconds: 0 }],
    ['screen saver key unset, display never: unknown', on, 'unset' as const, 0, { idleSeconds: null }],
    ['screen saver key unset: display sleep', on, 'unset' as const, 15, { idleSeconds: 900 }],
    ['lock off', { enabled: false as const }, 300, 10, { lockEnabled: false, lockDelaySeconds: null }],
    ['nothing readable', null, null, null, { lockEnabled: null, idleSeconds: null, lockDelaySeconds: null }],
  ])('%s', (_n, lock, idle, display, want) => {
    const u = macScreenLockUser('alice', lock, idle, display);
    expect(u).toMatchObject({ user: 'alice', source: 'macos', ...want });
    expect(ScreenLockUser.safeParse(u).success).toBe(true);
  });
});
