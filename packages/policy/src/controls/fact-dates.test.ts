// Dates inside facts that cannot be right (far in the future, before 1990) never make a control
// pass: the control says `unknown` with a plain reason naming the date. A password "changed" in
// 9999 would otherwise pass password age for ever; definitions "updated" in 9999 would stay fresh.
import { describe, expect, it } from 'vitest';
import { evaluate } from '../evaluate.js';
import { buildFacts, buildInput, buildPolicy, compliantInput, daysBefore, NOW } from '../test-support/facts.js';
import { implausibleDate } from '../util/dates.js';
import { checkAntivirus } from './antivirus.js';
import { checkOsUpdates } from './os-updates.js';
import { checkPasswordAge } from './password-age.js';

const FUTURE = ['9999-12-31T23:59:59.999Z', '2030-01-01T00:00:00.000Z', new Date(NOW.getTime() + 3 * 86_400_000).toISOString()];
const PAST = ['1970-01-01T00:00:00.000Z', '1989-12-31T23:59:59.999Z', '0001-01-01T00:00:00.000Z'];
const WRONG = [...FUTURE, ...PAST];
const base = compliantInput();

describe('implausibleDate', () => {
  it('allows a clock up to two days fast and anything since 1990; names the date otherwise', () => {
    expect(implausibleDate(new Date(NOW.getTime() + 86_400_000), NOW)).toBeNull();
    expect(implausibleDate(new Date('1990-01-01T00:00:00Z'), NOW)).toBeNull();
    expect(implausibleDate(new Date('9999-12-31T00:00:00Z'), NOW)).toBe(
      "the date it reports, 9999-12-31, is in the future, so the device's clock or its data is wrong",
    );
    expect(implausibleDate(new Date('1970-01-01T00:00:00Z'), NOW)).toContain('1970-01-01, is before 1990');
    expect(implausibleDate(new Date('+010000-01-01T00:00:00Z'), NOW)).toContain('+010000-01-01');
  });
});

describe('dates inside facts outside a sane window', () => {
  it.each(WRONG)('password last changed %s → unknown with the date named, never pass', (date) => {
    const accounts = { status: 'ok' as const, accounts: [{ username: 'sam', isHuman: true, passwordLastSetAt: date, mustChangeAtNextLogin: false }] };
    const f = checkPasswordAge(buildInput({ accounts }));
    expect(f.status).toBe('unknown');
    expect(f.reason).toContain(
      `Safefleet cannot tell when the password for account 'sam' was last changed: the date it reports, ${date.slice(0, 10)}`,
    );
  });

  it('a wrong date does not hide another account that fails, nor a password that must be changed', () => {
    const accounts = {
      status: 'ok' as const,
      accounts: [
        { username: 'sam', isHuman: true, passwordLastSetAt: '9999-12-31T00:00:00.000Z', mustChangeAtNextLogin: false },
        { username: 'jo', isHuman: true, passwordLastSetAt: daysBefore(200), mustChangeAtNextLogin: false },
      ],
    };
    expect(checkPasswordAge(buildInput({ accounts })).status).toBe('fail');
    const reset = {
      status: 'ok' as const,
      accounts: [{ username: 'sam', isHuman: true, passwordLastSetAt: '9999-12-31T00:00:00.000Z', mustChangeAtNextLogin: true }],
    };
    expect(checkPasswordAge(buildInput({ accounts: reset })).status).toBe('fail');
  });

  it.each(WRONG)('virus definitions updated %s → unknown even when the product says they are current', (date) => {
    const product = { ...base.antivirus.products![0]!, signaturesUpdatedAt: date, signaturesUpToDate: true };
    const f = checkAntivirus(buildInput({ antivirus: { status: 'ok', products: [product] } }));
    expect(f.status).toBe('unknown');
    expect(f.reason).toContain(`Safefleet cannot tell how old its virus definitions are: the date it reports, ${date.slice(0, 10)}`);
  });

  it('a second product with a real, fresh date still passes antivirus', () => {
    const wrong = { ...base.antivirus.products![0]!, name: 'Broken AV', signaturesUpdatedAt: '9999-12-31T00:00:00.000Z' };
    const good = { ...base.antivirus.products![0]!, signaturesUpdatedAt: daysBefore(1) };
    expect(checkAntivirus(buildInput({ antivirus: { status: 'ok', products: [wrong, good] } })).status).toBe('pass');
  });

  it.each(WRONG)('a security update first seen %s → unknown (not an endless grace period)', (date) => {
    const updates = {
      status: 'ok' as const,
      pendingCount: 1,
      securityPendingCount: 1,
      lastInstalledAt: '9999-12-31T00:00:00.000Z',
      pending: [{ name: 'openssl', security: true, firstSeenAt: date }],
    };
    const f = checkOsUpdates(buildInput({ updates }));
    expect(f.status).toBe('unknown');
    expect(f.reason).toContain(`Safefleet cannot tell how long they have been waiting: the date it reports, ${date.slice(0, 10)}`);
    // The wrong last-installed date is not repeated as if it were true.
    expect(f.reason).not.toContain('last installed on 9999');
  });

  it('a whole report dated far ahead changes nothing else: plausible dates still evaluate as before', () => {
    const findings = evaluate(buildFacts(), buildPolicy(), [], NOW);
    expect(findings.find((f) => f.control === 'password-age')?.status).toBe('pass');
    expect(findings.find((f) => f.control === 'antivirus')?.status).toBe('pass');
    expect(findings.find((f) => f.control === 'os-updates')?.status).toBe('pass');
  });
});
