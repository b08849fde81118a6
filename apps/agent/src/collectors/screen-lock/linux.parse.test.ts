import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  desktopKind,
  graphicalSessions,
  kdeLockSettings,
  parseGsettingsBool,
  parseGsettingsUint,
  parseKscreenlockerrc,
  parseSessionIds,
  parseShowSession,
  uidsFromRunUser,
} from './linux.parse.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('sessions', () => {
  it('list-sessions: ids from the first column, old and new column layouts', () => {
    expect(parseSessionIds(fixture('loginctl-list-sessions.ubuntu.txt'))).toEqual(['2', 'c1', '14']);
    expect(parseSessionIds(fixture('loginctl-list-sessions.systemd256.txt'))).toEqual(['2', 'c1']);
    expect(parseSessionIds('')).toEqual([]);
  });

  it('this VM has no systemd: loginctl prints only an error', () => {
    expect(fixture('loginctl-list-sessions.no-systemd.stderr.txt')).toMatch(/^System has not been booted with systemd/);
  });

  it('show-session: only people’s graphical sessions, not the greeter or a terminal login', () => {
    const blocks = parseShowSession(fixture('loginctl-show-session.ubuntu.txt'));
    expect(blocks).toHaveLength(3);
    expect(graphicalSessions(blocks)).toEqual([{ uid: 1000, user: 'alice', desktop: 'ubuntu' }]);
    expect(graphicalSessions(parseShowSession(fixture('loginctl-show-session.kde-and-xfce.txt'))).map((s) => s.desktop)).toEqual(['KDE', 'xfce']);
  });

  it('/run/user fallback keeps people’s uids only', () => {
    expect(uidsFromRunUser(['0', '120', '1000', '1001', 'x', '65534'])).toEqual([1000, 1001]);
  });

  it.each([
    ['ubuntu', 'gnome'],
    ['GNOME', 'gnome'],
    ['', 'gnome'],
    ['KDE', 'kde'],
    ['plasmawayland', 'kde'],
    ['xfce', 'other'],
    ['cinnamon', 'other'],
  ])('desktop %j → %s', (d, kind) => {
    expect(desktopKind(d)).toBe(kind);
  });
});

describe('gsettings values (real output from this VM)', () => {
  it('booleans and uint32', () => {
    expect(parseGsettingsBool(fixture('gsettings-lock-enabled.true.txt'))).toBe(true);
    expect(parseGsettingsBool(fixture('gsettings-lock-enabled.false.txt'))).toBe(false);
    expect(parseGsettingsUint(fixture('gsettings-idle-delay.300.txt'))).toBe(300);
    expect(parseGsettingsUint(fixture('gsettings-lock-delay.0.txt'))).toBe(0);
  });

  it('errors and odd values are unknown, not false or 0', () => {
    expect(parseGsettingsBool(fixture('gsettings-no-schema.stderr.txt'))).toBeNull();
    expect(parseGsettingsUint(fixture('gsettings-no-schema.stderr.txt'))).toBeNull();
    expect(parseGsettingsUint('int32 -1')).toBeNull();
    expect(parseGsettingsUint('300')).toBe(300);
  });
});

describe('parseKscreenlockerrc', () => {
  it('custom values from [Daemon]: Timeout in minutes, LockGrace in seconds', () => {
    expect(parseKscreenlockerrc(fixture('kscreenlockerrc.custom'))).toEqual({ lockEnabled: false, idleSeconds: 900, lockDelaySeconds: 30 });
  });
  it('KDE defaults when the keys or the file are missing', () => {
    const defaults = { lockEnabled: true, idleSeconds: 300, lockDelaySeconds: 5 };
    expect(parseKscreenlockerrc(fixture('kscreenlockerrc.defaults'))).toEqual(defaults);
    expect(parseKscreenlockerrc(null)).toEqual(defaults);
  });
});

describe('kdeLockSettings (user file over /etc/xdg defaults)', () => {
  it.each([
    ['user file only', 'kscreenlockerrc.custom', null, { lockEnabled: false, idleSeconds: 900, lockDelaySeconds: 30, lockOnResume: true }],
    ['never locks', 'kscreenlockerrc.never', null, { lockEnabled: false, lockOnResume: false }],
    [
      'system defaults fill what the person did not set',
      'kscreenlockerrc.defaults',
      'kscreenlockerrc.etc-xdg.key-locked',
      { lockEnabled: true, idleSeconds: 180, lockDelaySeconds: 60 },
    ],
    [
      'a [$i] key wins over the person; other keys do not',
      'kscreenlockerrc.custom',
      'kscreenlockerrc.etc-xdg.key-locked',
      { lockEnabled: false, idleSeconds: 180, lockDelaySeconds: 30 },
    ],
    [
      'a [$i] group wins over everything the person set',
      'kscreenlockerrc.custom',
      'kscreenlockerrc.etc-xdg.group-locked',
      { lockEnabled: true, idleSeconds: 600, lockDelaySeconds: 0, lockOnResume: true },
    ],
    ['no files at all: KDE defaults', null, null, { lockEnabled: true, idleSeconds: 300, lockDelaySeconds: 5, lockOnResume: true }],
  ])('%s', (_n, user, system, want) => {
    expect(kdeLockSettings(user ? fixture(user) : null, system ? fixture(system) : null)).toMatchObject(want);
  });
});
