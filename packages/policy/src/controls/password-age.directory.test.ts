import { Facts, PolicySettings } from '@safefleet/protocol';
import { describe, expect, it } from 'vitest';
import { compliantInput, daysBefore, NOW } from '../test-support/facts.js';
import { evaluate } from '../evaluate.js';

/** A work account whose date comes from the directory (Microsoft Graph), added by the console. */
function withDirectoryAccount(days: number) {
  const input = compliantInput();
  input.accounts = {
    status: 'ok',
    accounts: [
      {
        username: 'jo.bloggs@charity.org.uk',
        isHuman: true,
        passwordLastSetAt: daysBefore(days),
        mustChangeAtNextLogin: false,
        source: 'entra',
        dateSource: 'Microsoft 365',
        person: 'Jo Bloggs',
      },
    ],
  };
  return evaluate(Facts.parse(input), PolicySettings.parse({}), [], NOW).find((f) => f.control === 'password-age')!;
}

describe('password-age with a directory date', () => {
  it('names the person and Microsoft 365; fails at 120 days, passes at 30', () => {
    const old = withDirectoryAccount(120);
    expect(old.status).toBe('fail');
    expect(old.reason).toBe(
      "Password for Jo Bloggs’s Microsoft 365 account 'jo.bloggs@charity.org.uk' was last changed 120 days ago (the limit is 90).",
    );
    const recent = withDirectoryAccount(30);
    expect(recent.status).toBe('pass');
    expect(recent.reason).toContain('Microsoft 365');
  });
});
