import { readFileSync } from 'node:fs';
import { Account } from '@safefleet/protocol';
import { describe, expect, it } from 'vitest';
import {
  buildDarwinAccount,
  fileTimeToDate,
  hasLoginShell,
  isHumanCandidate,
  parseAccountPolicyData,
  parseDsclAttribute,
  parseDsclUserList,
  parseReadplPasswordTime,
} from './darwin.parse.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/darwin/${name}`, import.meta.url), 'utf8');

describe('dscl users', () => {
  it('people are uid 501+ and not _service accounts', () => {
    const users = parseDsclUserList(fixture('dscl-list-users.sonoma.txt'));
    expect(users).toHaveLength(13);
    expect(users.find((u) => u.username === 'nobody')?.uid).toBe(-2);
    expect(users.filter(isHumanCandidate).map((u) => u.username)).toEqual(['alice', 'youthworker', 'itadmin', 'scanner']);
    expect(isHumanCandidate({ username: '_hidden', uid: 600 })).toBe(false);
    expect(parseDsclUserList('')).toEqual([]);
  });

  it.each([
    ['dscl-read-UserShell.zsh.txt', '/bin/zsh', true],
    ['dscl-read-UserShell.false.txt', '/usr/bin/false', false],
    ['dscl-read.no-such-key.stderr.txt', null, true],
  ])('%s → shell %s, can sign in: %s', (name, shell, login) => {
    const s = parseDsclAttribute(fixture(name), 'UserShell');
    expect(s).toBe(shell);
    expect(hasLoginShell(s)).toBe(login);
  });

  it('attribute values on the following indented line', () => {
    expect(parseDsclAttribute(fixture('dscl-read-OriginalNodeName.ad.txt'), 'OriginalNodeName')).toBe('/Active Directory/CORP/corp.example.org');
    expect(hasLoginShell('/sbin/nologin')).toBe(false);
    expect(hasLoginShell('')).toBe(false);
  });
});

describe('password dates', () => {
  it.each([
    ['dscl-readpl-passwordLastSetTime.txt', '2024-06-10T20:04:13.627Z'],
    ['dscl-readpl.no-key.stderr.txt', null],
  ])('readpl %s → %s', (name, want) => {
    expect(parseReadplPasswordTime(fixture(name))?.toISOString() ?? null).toBe(want);
  });

  it('accountPolicyData plist: with a password date, with only creationTime, and not a plist', () => {
    expect(parseAccountPolicyData(fixture('dscl-read-accountPolicyData.full.txt')).passwordLastSetAt?.toISOString()).toBe('2018-10-27T03:31:04.620Z');
    expect(parseAccountPolicyData(fixture('dscl-read-accountPolicyData.creation-only.txt'))).toEqual({
      passwordLastSetAt: null,
      hasPolicyData: true,
    });
    expect(parseAccountPolicyData(fixture('dscl-read.no-such-key.stderr.txt'))).toEqual({ passwordLastSetAt: null, hasPolicyData: false });
  });

  it.each([
    ['133640352000000000', '2024-06-28T08:00:00.000Z'],
    ['0', null],
    ['', null],
    ['abc', null],
    [null, null],
  ])('SMBPasswordLastSet FILETIME %s → %s', (value, want) => {
    expect(fileTimeToDate(value)?.toISOString() ?? null).toBe(want);
  });
});

describe('buildDarwinAccount', () => {
  const base = { username: 'alice', uid: 501, originalNodeName: null, localPasswordSetAt: null, smbPasswordSetAt: null, problem: null };

  it.each([
    [
      'local with a date',
      { localPasswordSetAt: new Date('2024-06-10T20:04:13Z') },
      { source: 'local', passwordLastSetAt: '2024-06-10T20:04:13.000Z' },
    ],
    ['local without a date', {}, { source: 'local', passwordLastSetAt: null, note: 'macOS has no record of when this password was set' }],
    [
      'AD mobile account: the directory date wins',
      {
        originalNodeName: '/Active Directory/CORP/corp.example.org',
        localPasswordSetAt: new Date('2024-01-01T00:00:00Z'),
        smbPasswordSetAt: new Date('2024-06-28T08:00:00Z'),
      },
      { source: 'domain', passwordLastSetAt: '2024-06-28T08:00:00.000Z' },
    ],
    [
      'AD mobile account with no dates',
      { originalNodeName: '/Active Directory/CORP/corp.example.org' },
      {
        source: 'domain',
        passwordLastSetAt: null,
        note: 'network account from /Active Directory/CORP/corp.example.org: its password date is kept by the directory, not on this Mac',
      },
    ],
    [
      'a command failed',
      { problem: 'dscl accountPolicyData exited with code 1: permission denied' },
      {
        passwordLastSetAt: null,
        note: 'password date unknown: dscl accountPolicyData exited with code 1: permission denied',
      },
    ],
  ])('%s', (_n, over, want) => {
    const a = buildDarwinAccount({ ...base, ...over });
    expect(a).toMatchObject({ username: 'alice', uid: 501, isHuman: true, mustChangeAtNextLogin: false, ...want });
    expect(Account.safeParse(a).success).toBe(true);
  });
});
