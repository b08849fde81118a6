import { describe, expect, it } from 'vitest';
import { buildInput, daysBefore, NOW } from '../test-support/facts.js';
import { checkPasswordAge } from './password-age.js';

const DAY = 86_400_000;

interface AccountInput {
  username: string;
  isHuman: boolean;
  passwordLastSetAt: string | null;
  mustChangeAtNextLogin: boolean;
  note?: string;
}
const human = (username: string, days: number | null, over: Partial<AccountInput> = {}): AccountInput => ({
  username,
  isHuman: true,
  passwordLastSetAt: days === null ? null : daysBefore(days),
  mustChangeAtNextLogin: false,
  ...over,
});
const run = (accounts: AccountInput[], policy = {}) => checkPasswordAge(buildInput({ accounts: { status: 'ok', accounts } }, { policy }));

describe('password-age', () => {
  it.each([
    [0, 'pass'],
    [75, 'pass'],
    [76, 'grace'],
    [90, 'grace'],
    [91, 'fail'],
    [120, 'fail'],
  ] as const)('password changed %i days ago → %s (defaults 90/14)', (days, status) => {
    const f = run([human('sam', days)]);
    expect(f.status).toBe(status);
    expect(f.reason).toContain(`'sam'`);
    if (status === 'pass') {
      expect(f.reason).toContain(`last changed on ${daysBefore(days).slice(0, 10)} (within the 90-day limit)`);
    } else {
      expect(f.reason).toContain(`${days} days ago (the limit is 90)`);
    }
    const due = new Date(NOW.getTime() + (90 - days) * DAY).toISOString();
    expect(f.details).toMatchObject({ accounts: [{ username: 'sam', ageDays: days, status, dueAt: due }] });
    if (status === 'grace') expect(f.dueAt).toBe(due);
    else expect(f.dueAt).toBeUndefined();
  });

  it('words the fail like the policy brief', () => {
    expect(run([human('sam', 120)]).reason).toBe("Password for account 'sam' was last changed 120 days ago (the limit is 90).");
  });

  it('fails an account that must change its password at next sign-in', () => {
    const f = run([human('alex', 3, { mustChangeAtNextLogin: true })]);
    expect(f.status).toBe('fail');
    expect(f.reason).toContain(`'alex'`);
    expect(f.reason).toContain('next sign-in');
  });

  it('is unknown for an account with no date, giving the note', () => {
    const f = run([human('jo@charity.org.uk', null, { note: 'Entra ID account: the password is managed online' })]);
    expect(f.status).toBe('unknown');
    expect(f.reason).toContain(`'jo@charity.org.uk'`);
    expect(f.reason).toContain('Entra ID account');
  });

  it('ignores service accounts and is unknown with no personal accounts', () => {
    const f = run([{ username: 'root', isHuman: false, passwordLastSetAt: daysBefore(900), mustChangeAtNextLogin: false }]);
    expect(f.status).toBe('unknown');
    expect(f.reason).toBe('No personal account with a password was found on this device (1 account has no usable password).');
    expect(run([]).reason).toBe('No personal accounts found on this device.');
  });

  it.each([
    ['fail beats grace and pass', [human('a', 10), human('b', 80), human('c', 100)], 'fail', ["'c'", '100 days ago', "'b'"]],
    ['grace beats unknown and pass', [human('a', 10), human('b', 80), human('c', null)], 'grace', ["'b'", "'c'"]],
    ['an unreadable account is never hidden behind a pass', [human('a', 10), human('c', null)], 'unknown', ["'a'", "'c'"]],
    ['every account recent', [human('a', 10), human('b', 20)], 'pass', ["'a'", "'b'"]],
  ] as const)('several accounts: %s', (_label, accounts, status, words) => {
    const f = run([...accounts]);
    expect(f.status).toBe(status);
    for (const w of words) expect(f.reason).toContain(w);
    expect((f.details as { accounts: unknown[] }).accounts).toHaveLength(accounts.length);
  });

  it('names offending accounts first', () => {
    const f = run([human('ok-user', 5), human('late-user', 200)]);
    expect(f.reason.indexOf('late-user')).toBeLessThan(f.reason.indexOf('ok-user'));
  });

  it('reads maxAgeDays and graceDays from policy', () => {
    const policy = { passwordAge: { maxAgeDays: 30, graceDays: 5 } };
    expect(run([human('sam', 24)], policy).status).toBe('pass');
    expect(run([human('sam', 25)], policy).status).toBe('grace');
    expect(run([human('sam', 31)], policy).status).toBe('fail');
  });

  it('is unknown with the collector error when accounts could not be read', () => {
    const f = checkPasswordAge(buildInput({ accounts: { status: 'error', error: 'dscl: permission denied' } }));
    expect(f.status).toBe('unknown');
    expect(f.reason).toContain('dscl: permission denied');
  });
});
