import { readFileSync } from 'node:fs';
import { ScreenLockFacts } from '@safefleet/protocol';
import { describe, expect, it } from 'vitest';
import { parsePsJson } from '../../exec/powershell.js';
import { buildScreenLockUsers, parsePowercfg, POWER_GUID, type PowerSettings } from './win32.parse.js';

const text = (name: string) => readFileSync(new URL(`./fixtures/win32/${name}`, import.meta.url), 'utf8');
const doc = (name: string) => {
  const r = parsePsJson(text(name));
  if (!r.ok) throw new Error(`${name} is not JSON`);
  return r.value;
};
const power = (standby: string | null, consoleLock: string | null, video: string | null = 'powercfg.videoidle.en.txt'): PowerSettings => ({
  video: video ? parsePowercfg(text(video), POWER_GUID.VIDEOIDLE) : null,
  standby: standby ? parsePowercfg(text(standby), POWER_GUID.STANDBYIDLE) : null,
  consoleLock: consoleLock ? parsePowercfg(text(consoleLock), POWER_GUID.CONSOLELOCK) : null,
});
const UNKNOWN: PowerSettings = { video: null, standby: null, consoleLock: null };

describe('parsePowercfg: the last two hex values after the setting GUID, whatever the language', () => {
  it.each([
    ['powercfg.videoidle.en.txt', POWER_GUID.VIDEOIDLE, { ac: 900, dc: 900 }],
    ['powercfg.videoidle.de.txt', POWER_GUID.VIDEOIDLE, { ac: 600, dc: 300 }],
    ['powercfg.standbyidle.en.txt', POWER_GUID.STANDBYIDLE, { ac: 1800, dc: 900 }],
    ['powercfg.standbyidle.never-on-ac.en.txt', POWER_GUID.STANDBYIDLE, { ac: 0, dc: 900 }],
    ['powercfg.consolelock.yes.en.txt', POWER_GUID.CONSOLELOCK, { ac: 1, dc: 1 }],
    ['powercfg.consolelock.no.en.txt', POWER_GUID.CONSOLELOCK, { ac: 0, dc: 0 }],
    ['powercfg.invalid-parameters.txt', POWER_GUID.CONSOLELOCK, null],
    ['powercfg.setting-missing.en.txt', POWER_GUID.CONSOLELOCK, null],
    ['powercfg.videoidle.en.txt', POWER_GUID.STANDBYIDLE, null],
  ])('%s (%s)', (name, guid, expected) => {
    expect(parsePowercfg(text(name), guid)).toEqual(expected);
  });
});

describe('buildScreenLockUsers', () => {
  it.each([
    [
      'secure screensaver after 10 min beats sleep after 30 min',
      'screenlock.win11-screensaver-secure.json',
      power('powercfg.standbyidle.en.txt', 'powercfg.consolelock.yes.en.txt'),
      [{ user: 'maria', lockEnabled: true, idleSeconds: 600, lockDelaySeconds: 0, source: 'screensaver' }],
    ],
    [
      'no secure screensaver: sleep + sign-in on wake locks (the longer of AC 30 min / DC 15 min)',
      'screenlock.defaults-no-screensaver.json',
      power('powercfg.standbyidle.en.txt', 'powercfg.consolelock.yes.en.txt'),
      [
        { user: 'maria', lockEnabled: true, idleSeconds: 1800, lockDelaySeconds: 0, source: 'power' },
        { user: 'office', lockEnabled: true, idleSeconds: 1800, lockDelaySeconds: 0, source: 'power' },
      ],
    ],
    [
      'never sleeps on AC: nothing locks; idleSeconds = when the screen blanks',
      'screenlock.defaults-no-screensaver.json',
      power('powercfg.standbyidle.never-on-ac.en.txt', 'powercfg.consolelock.yes.en.txt'),
      [
        { user: 'maria', lockEnabled: false, idleSeconds: 900, lockDelaySeconds: 0, source: 'screensaver' },
        { user: 'office', lockEnabled: false, idleSeconds: 900, lockDelaySeconds: 0, source: 'power' },
      ],
    ],
    [
      'wakes without a password: nothing locks',
      'screenlock.defaults-no-screensaver.json',
      power('powercfg.standbyidle.en.txt', 'powercfg.consolelock.no.en.txt', null),
      [
        { user: 'maria', lockEnabled: false, idleSeconds: 900, lockDelaySeconds: 0, source: 'screensaver' },
        { user: 'office', lockEnabled: false, idleSeconds: 0, lockDelaySeconds: 0, source: 'power' },
      ],
    ],
    [
      'machine inactivity limit (15 min) for an Entra user; the CONSOLELOCK policy copy overrides the scheme',
      'screenlock.entra-inactivity-policy.json',
      power('powercfg.standbyidle.en.txt', 'powercfg.consolelock.no.en.txt'),
      [{ user: 'AzureAD\\JoSmith', lockEnabled: true, idleSeconds: 900, lockDelaySeconds: 0, source: 'windows-policy' }],
    ],
    [
      "Group Policy screensaver (5 min, secure) overrides the person's own; InactivityTimeoutSecs 0 means off",
      'screenlock.gpo-screensaver.json',
      power('powercfg.standbyidle.en.txt', 'powercfg.consolelock.yes.en.txt'),
      [{ user: 'CHARITYHQ\\k.ward', lockEnabled: true, idleSeconds: 300, lockDelaySeconds: 0, source: 'screensaver' }],
    ],
    [
      'power settings unknown and no other lock: unknown, not "off"',
      'screenlock.defaults-no-screensaver.json',
      UNKNOWN,
      [
        { user: 'maria', lockEnabled: null, idleSeconds: null, lockDelaySeconds: null, source: 'power' },
        { user: 'office', lockEnabled: null, idleSeconds: null, lockDelaySeconds: null, source: 'power' },
      ],
    ],
    [
      'power settings unknown but a secure screensaver: known',
      'screenlock.win11-screensaver-secure.json',
      UNKNOWN,
      [{ user: 'maria', lockEnabled: true, idleSeconds: 600, lockDelaySeconds: 0, source: 'screensaver' }],
    ],
    ['no one signed in', 'screenlock.no-one-signed-in.json', UNKNOWN, []],
  ])('%s', (_, name, p, expected) => {
    const users = buildScreenLockUsers(doc(name), p);
    expect(users).toEqual(expected);
    expect(ScreenLockFacts.safeParse({ status: 'ok', users }).success).toBe(true);
  });

  it('the STANDBYIDLE policy copy (AC 60 min / DC 10 min) is used over the scheme', () => {
    const d = {
      computer: 'PC',
      powerPolicy: [{ Setting: POWER_GUID.STANDBYIDLE, AC: 3600, DC: 600 }],
      users: [{ Sid: 'S-1-5-21-1-2-3-1001', Account: 'PC\\a' }],
    };
    expect(buildScreenLockUsers(d, power('powercfg.standbyidle.en.txt', 'powercfg.consolelock.yes.en.txt'))[0]).toMatchObject({
      lockEnabled: true,
      idleSeconds: 3600,
      source: 'power',
    });
  });
});
