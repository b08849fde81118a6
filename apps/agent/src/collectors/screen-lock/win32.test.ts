import { readFileSync } from 'node:fs';
import { ScreenLockFacts } from '@safefleet/protocol';
import { describe, expect, it } from 'vitest';
import { commandLine, createFakeHost, type FakeResult } from '../../exec/index.js';
import { powershellArgs, powershellPath } from '../../exec/powershell.js';
import { collectScreenLockWin32, NO_SESSION_WIN32, POWERCFG_ARGS, powercfgPath, SCREEN_LOCK_SCRIPT } from './win32.js';

const text = (name: string) => readFileSync(new URL(`./fixtures/win32/${name}`, import.meta.url), 'utf8');
const PS = commandLine(powershellPath(), powershellArgs(SCREEN_LOCK_SCRIPT));
const cfg = (which: keyof typeof POWERCFG_ARGS) => commandLine(powercfgPath(), [...POWERCFG_ARGS[which]]);
const now = new Date('2026-11-21T10:00:00Z');
const INVALID: FakeResult = { exitCode: 1, stdout: text('powercfg.invalid-parameters.txt') };

const machine = (ps: string, video: FakeResult, standby: FakeResult, consoleLock: FakeResult) =>
  createFakeHost({
    platform: 'win32',
    commands: { [PS]: { stdout: ps }, [cfg('video')]: video, [cfg('standby')]: standby, [cfg('consoleLock')]: consoleLock },
  });

describe('collectScreenLockWin32 (fake Windows machines)', () => {
  it('Windows 11, secure screensaver after 10 minutes', async () => {
    const host = machine(
      text('screenlock.win11-screensaver-secure.json'),
      { stdout: text('powercfg.videoidle.en.txt') },
      { stdout: text('powercfg.standbyidle.en.txt') },
      { stdout: text('powercfg.consolelock.yes.en.txt') },
    );
    const g = await collectScreenLockWin32({ host, now });
    expect(host.unmatched).toEqual([]);
    expect(host.calls.filter((c) => c.file === 'C:/Windows/System32/powercfg.exe')).toHaveLength(3);
    expect(g).toEqual({ status: 'ok', users: [{ user: 'maria', lockEnabled: true, idleSeconds: 600, lockDelaySeconds: 0, source: 'screensaver' }] });
    expect(ScreenLockFacts.safeParse(g).success).toBe(true);
  });

  it('German Windows, sleep + sign-in on wake (labels translated, values read by position)', async () => {
    const host = machine(
      text('screenlock.defaults-no-screensaver.json'),
      { stdout: text('powercfg.videoidle.de.txt') },
      { stdout: text('powercfg.standbyidle.en.txt') },
      { stdout: text('powercfg.consolelock.yes.en.txt') },
    );
    const g = await collectScreenLockWin32({ host, now });
    expect(g.users?.map((u) => [u.user, u.lockEnabled, u.idleSeconds, u.source])).toEqual([
      ['maria', true, 1800, 'power'],
      ['office', true, 1800, 'power'],
    ]);
  });

  it('powercfg refuses the hidden CONSOLELOCK query and nothing else locks: unknown, and the reason is kept', async () => {
    const host = machine(
      text('screenlock.defaults-no-screensaver.json'),
      { stdout: text('powercfg.videoidle.en.txt') },
      { stdout: text('powercfg.standbyidle.en.txt') },
      INVALID,
    );
    const g = await collectScreenLockWin32({ host, now });
    expect(g.status).toBe('ok');
    expect(g.users?.every((u) => u.lockEnabled === null)).toBe(true);
    expect(g.error).toBe(
      'The power settings could not all be read: powercfg /qh SCHEME_CURRENT SUB_NONE CONSOLELOCK exited with code 1: Invalid Parameters -- try "/?" for help',
    );
  });

  it('no one signed in', async () => {
    const ok = { stdout: text('powercfg.videoidle.en.txt') };
    const g = await collectScreenLockWin32({ host: machine(text('screenlock.no-one-signed-in.json'), ok, ok, ok), now });
    expect(g).toEqual({ status: 'unsupported', error: NO_SESSION_WIN32, users: [] });
  });
});

it.each([['SCREEN_LOCK_SCRIPT', SCREEN_LOCK_SCRIPT]])(
  '%s travels as one argument: one line, no double quotes or comments, ends in compressed JSON',
  (_, script) => {
    expect(script).not.toMatch(/["#\r\n]/);
    expect(script).toMatch(/ConvertTo-Json .*-Compress\s*}?$/);
  },
);
