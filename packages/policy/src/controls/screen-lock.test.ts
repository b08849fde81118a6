import { describe, expect, it } from 'vitest';
import { buildInput } from '../test-support/facts.js';
import { checkScreenLock } from './screen-lock.js';

type UserInput = { user: string; lockEnabled: boolean | null; idleSeconds: number | null; lockDelaySeconds?: number | null };
const u = (user: string, idleSeconds: number | null, lockDelaySeconds: number | null = 0, lockEnabled: boolean | null = true): UserInput => ({
  user,
  lockEnabled,
  idleSeconds,
  lockDelaySeconds,
});
const run = (users: UserInput[], policy = {}) => checkScreenLock(buildInput({ screenLock: { status: 'ok', users } }, { policy }));

describe('screen-lock', () => {
  it.each([
    ['15 minutes (the limit)', [u('sam', 900)], 'pass', ["'sam'", '15 minutes']],
    ['16 minutes', [u('sam', 960)], 'fail', ["'sam'", '16 minutes', 'the limit is 15 minutes']],
    ['10 min blank + 5 min lock delay', [u('sam', 600, 300)], 'pass', ['15 minutes']],
    ['10 min blank + 6 min lock delay', [u('sam', 600, 360)], 'fail', ['16 minutes']],
    ['lock delay unknown counts as none', [u('sam', 600, null)], 'pass', ['10 minutes']],
    ['never blanks', [u('sam', 0)], 'fail', ["'sam'", 'never locks']],
    ['blanks without a password', [u('sam', 300, 0, false)], 'fail', ["'sam'", 'does not lock with a password']],
    ['lock setting unknown', [u('sam', 300, 0, null)], 'unknown', ["'sam'", 'whether the screen locks']],
    ['idle time unknown', [u('sam', null)], 'unknown', ["'sam'", 'how long']],
    ['a long idle time fails even if the lock setting is unknown', [u('sam', 3600, 0, null)], 'fail', ['60 minutes']],
    ['one user fails among several', [u('sam', 300), u('jo', 1800)], 'fail', ["'jo'", '30 minutes']],
    ['fail beats unknown', [u('sam', null), u('jo', 0)], 'fail', ["'jo'", "'sam'"]],
    ['unknown beats pass', [u('sam', 300), u('jo', null)], 'unknown', ["'jo'"]],
  ] as const)('%s → %s', (_label, users, status, words) => {
    const f = run(users.map((x) => ({ ...x })));
    expect(f.status).toBe(status);
    for (const w of words) expect(f.reason).toContain(w);
  });

  it('reads the limit from policy.screenLock.maxIdleMinutes', () => {
    expect(run([u('sam', 600)], { screenLock: { maxIdleMinutes: 5 } }).status).toBe('fail');
    expect(run([u('sam', 300)], { screenLock: { maxIdleMinutes: 5 } }).status).toBe('pass');
  });

  it('is unknown when there is no desktop session', () => {
    const none = run([]);
    expect(none.status).toBe('unknown');
    expect(none.reason).toContain('No desktop session');
    const unsupported = checkScreenLock(buildInput({ screenLock: { status: 'unsupported', error: 'no desktop session' } }));
    expect(unsupported.status).toBe('unknown');
    expect(unsupported.reason).toContain('no desktop session');
  });
});
