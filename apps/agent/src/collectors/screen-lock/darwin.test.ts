import { readFileSync } from 'node:fs';
import { ScreenLockFacts } from '@safefleet/protocol';
import { describe, expect, it } from 'vitest';
import { REGISTRY } from '../registry.js';
import { commandLine, createFakeHost, type FakeResult, type RunOptions } from '../../exec/index.js';
import { collectScreenLockDarwin, IDLETIME_ARGS, idPArgs, NO_MAC_SESSION, PMSET_ARGS, SCREENLOCK_ARGS, STAT_CONSOLE_ARGS } from './darwin.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/darwin/${name}`, import.meta.url), 'utf8');
const now = new Date('2026-11-21T10:00:00Z');
/** Answers differ per uid, like each person's own preferences; root gets nothing useful. */
const perUser =
  (answers: Record<number, FakeResult>) =>
  (opts: RunOptions): FakeResult =>
    (opts.uid !== undefined ? answers[opts.uid] : undefined) ?? { exitCode: 1, stderr: 'not run as a signed-in user\n' };

describe('collectScreenLockDarwin (fake Macs)', () => {
  it('two people signed in (fast user switching): each read as themselves', async () => {
    const host = createFakeHost({
      platform: 'darwin',
      commands: {
        [commandLine('stat', STAT_CONSOLE_ARGS)]: { stdout: fixture('stat-console.alice.txt') },
        who: { stdout: fixture('who.fast-user-switching.txt') },
        [commandLine('pmset', PMSET_ARGS)]: { stdout: fixture('pmset-g.sonoma.txt') },
        [commandLine('id', idPArgs('alice'))]: { stdout: fixture('id-P.alice.txt') },
        [commandLine('id', idPArgs('bob'))]: { stdout: fixture('id-P.bob.txt') },
        [commandLine('sysadminctl', SCREENLOCK_ARGS)]: perUser({
          501: { stderr: fixture('sysadminctl-screenLock.immediate.stderr.txt') },
          502: { stderr: fixture('sysadminctl-screenLock.off.stderr.txt') },
        }),
        [commandLine('defaults', IDLETIME_ARGS)]: perUser({
          501: { stdout: fixture('defaults-idleTime.1200.txt') },
          502: { exitCode: 1, stderr: fixture('defaults-idleTime.unset.stderr.txt') },
        }),
      },
    });
    const g = await collectScreenLockDarwin({ host, now });
    expect(g).toEqual({
      status: 'ok',
      users: [
        { user: 'alice', lockEnabled: true, idleSeconds: 600, lockDelaySeconds: 0, source: 'macos' },
        { user: 'bob', lockEnabled: false, idleSeconds: 600, lockDelaySeconds: null, source: 'macos' },
      ],
    });
    expect(ScreenLockFacts.safeParse(g).success).toBe(true);
    const call = host.calls.find((c) => c.file === 'sysadminctl' && c.opts.uid === 501);
    expect(call?.opts).toMatchObject({ uid: 501, gid: 20, env: { HOME: '/Users/alice', USER: 'alice' } });
  });

  it('at the login window nobody is signed in → unsupported with the reason', async () => {
    const host = createFakeHost({
      platform: 'darwin',
      commands: {
        [commandLine('stat', STAT_CONSOLE_ARGS)]: { stdout: fixture('stat-console.login-window.txt') },
        who: { stdout: fixture('who.ssh-only.txt') },
        [commandLine('pmset', PMSET_ARGS)]: { stdout: fixture('pmset-g.sonoma.txt') },
      },
    });
    expect(await collectScreenLockDarwin({ host, now })).toEqual({ status: 'unsupported', error: NO_MAC_SESSION });
  });

  it('nothing readable for anyone → error naming why', async () => {
    const host = createFakeHost({
      platform: 'darwin',
      commands: {
        [commandLine('stat', STAT_CONSOLE_ARGS)]: { stdout: fixture('stat-console.alice.txt') },
        who: { stdout: '' },
        [commandLine('pmset', PMSET_ARGS)]: { exitCode: 1 },
        [commandLine('id', idPArgs('alice'))]: { stdout: fixture('id-P.alice.txt') },
        [commandLine('sysadminctl', SCREENLOCK_ARGS)]: { exitCode: 1, stderr: fixture('sysadminctl-screenLock.odd.stderr.txt') },
        [commandLine('defaults', IDLETIME_ARGS)]: { exitCode: 1, stderr: 'Could not connect\n' },
      },
    });
    const g = await collectScreenLockDarwin({ host, now });
    expect(g.status).toBe('error');
    expect(g.error).toBe(
      'alice: sysadminctl -screenLock status exited with code 1: 2026-11-21 09:14:03.118 sysadminctl[5123:88412] Operation is not permitted without secure token unlock.',
    );
  });
});

describe('registry', () => {
  it('collectScreenLockDarwin is the macOS entry for screenLock', () => {
    expect(REGISTRY.screenLock.darwin).toBe(collectScreenLockDarwin);
  });
});
