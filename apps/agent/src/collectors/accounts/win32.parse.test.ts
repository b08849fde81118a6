import { readFileSync } from 'node:fs';
import { AccountsFacts } from '@safefleet/protocol';
import { describe, expect, it } from 'vitest';
import { parsePsJson } from '../../exec/powershell.js';
import { buildAccountsWin32, NOTES, parseProfiles, ridOf, sidDomain, userLabel } from './win32.parse.js';

const doc = (name: string) => {
  const r = parsePsJson(readFileSync(new URL(`./fixtures/win32/${name}`, import.meta.url), 'utf8'));
  if (!r.ok) throw new Error(`${name} is not JSON`);
  return r.value;
};
const M = 'S-1-5-21-3623811015-3361044348-30300820';

describe('buildAccountsWin32: Windows 11 laptop with a Microsoft account and local accounts', () => {
  const { accounts, usersError } = buildAccountsWin32(doc('accounts.win11-local-and-microsoft.json'));

  it('validates and has no error', () => {
    expect(usersError).toBeNull();
    expect(AccountsFacts.safeParse({ status: 'ok', accounts }).success).toBe(true);
  });

  it.each([
    ['maria', { isHuman: true, source: 'microsoft', passwordLastSetAt: null, mustChangeAtNextLogin: false, note: NOTES.microsoft, uid: `${M}-1001` }],
    ['office', { isHuman: true, source: 'local', passwordLastSetAt: '2025-02-17T09:05:12.000Z', mustChangeAtNextLogin: false }],
    ['trainee', { isHuman: true, source: 'local', passwordLastSetAt: null, mustChangeAtNextLogin: true, note: NOTES.mustChange }],
    ['Administrator', { isHuman: false, note: 'built-in Windows account (Administrator)', mustChangeAtNextLogin: false }],
    ['Guest', { isHuman: false, note: 'built-in Windows account (Guest)' }],
    ['DefaultAccount', { isHuman: false, note: 'built-in Windows account (DefaultAccount)' }],
    ['WDAGUtilityAccount', { isHuman: false, passwordLastSetAt: '2024-09-30T11:47:03.000Z' }],
  ])('%s', (name, expected) => {
    expect(accounts.find((a) => a.username === name)).toMatchObject(expected);
  });

  it('the office account has no note (nothing to explain)', () => {
    expect(accounts.find((a) => a.username === 'office')).not.toHaveProperty('note');
  });

  it('profiles of local accounts are not listed twice', () => {
    expect(accounts.map((a) => a.username)).toEqual(['Administrator', 'DefaultAccount', 'Guest', 'maria', 'office', 'trainee', 'WDAGUtilityAccount']);
  });
});

describe('buildAccountsWin32: Entra ID joined laptop', () => {
  const { accounts } = buildAccountsWin32(doc('accounts.entra-joined.json'));

  it.each([
    ['AzureAD\\JoSmith', 'entra', NOTES.entra],
    ['SamPatel', 'entra', NOTES.entra], // SID not translatable: the profile folder name
    ['CHARITYHQ\\k.ward', 'domain', NOTES.domain],
  ])('%s → %s with an unknown date', (username, source, note) => {
    expect(accounts.find((a) => a.username === username)).toEqual(
      expect.objectContaining({
        isHuman: true,
        source,
        passwordLastSetAt: null,
        mustChangeAtNextLogin: false,
        note,
      }),
    );
  });

  it('the local admin keeps its real date', () => {
    expect(accounts.find((a) => a.username === 'charityadmin')).toMatchObject({
      source: 'local',
      isHuman: true,
      passwordLastSetAt: '2023-05-09T13:40:00.000Z',
    });
    expect(accounts).toHaveLength(5);
  });
});

describe('buildAccountsWin32: Get-LocalUser missing (32-bit PowerShell)', () => {
  it('reports the error; Entra profiles still listed; no domain guess without the local list', () => {
    const { accounts, usersError } = buildAccountsWin32(doc('accounts.no-localaccounts-module.json'));
    expect(usersError).toMatch(/^The term 'Get-LocalUser' is not recognized/);
    expect(accounts).toEqual([expect.objectContaining({ username: 'AzureAD\\JoSmith', source: 'entra' })]);
  });

  it('an empty document is an error, not "no accounts"', () => {
    expect(buildAccountsWin32([])).toEqual({ accounts: [], usersError: 'Get-LocalUser gave no answer' });
  });
});

describe('profile helpers', () => {
  it.each([
    [{ sid: `${M}-1001`, path: 'C:/Users/maria', account: 'LAPTOP-7Q2K\\maria' }, 'LAPTOP-7Q2K', 'maria'],
    [{ sid: `${M}-1001`, path: 'C:/Users/maria', account: 'laptop-7q2k\\maria' }, 'LAPTOP-7Q2K', 'maria'],
    [{ sid: 'S-1-12-1-1-2-3-4', path: 'C:/Users/JoSmith', account: 'AzureAD\\JoSmith' }, 'LAPTOP-7Q2K', 'AzureAD\\JoSmith'],
    [{ sid: 'S-1-12-1-1-2-3-4', path: 'C:/Users/JoSmith', account: null }, null, 'JoSmith'],
    [{ sid: 'S-1-12-1-1-2-3-4', path: '', account: null }, null, 'S-1-12-1-1-2-3-4'],
  ])('userLabel(%o, %s) = %s', (p, computer, label) => {
    expect(userLabel(p, computer)).toBe(label);
  });

  it('parseProfiles keeps people only, with forward slashes', () => {
    expect(
      parseProfiles([
        { Sid: 'S-1-5-18', Path: 'C:\\Windows\\system32\\config\\systemprofile', Account: 'NT AUTHORITY\\SYSTEM', Loaded: true },
        { Sid: `${M}-1001`, Path: 'C:\\Users\\maria\\', Account: null, Loaded: true },
      ]),
    ).toEqual([{ sid: `${M}-1001`, path: 'C:/Users/maria', account: null, loaded: true }]);
    expect(parseProfiles({ Sid: `${M}-1002`, Path: 'D:\\Profiles\\x', Account: 'A\\x', Loaded: false })).toHaveLength(1);
  });

  it('SID parts', () => {
    expect(ridOf(`${M}-500`)).toBe(500);
    expect(sidDomain(`${M}-500`)).toBe(M);
  });
});
