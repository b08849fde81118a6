import { readFileSync } from 'node:fs';
import { AccountsFacts } from '@safefleet/protocol';
import { describe, expect, it } from 'vitest';
import { commandLine, createFakeHost } from '../../exec/index.js';
import { powershellArgs, powershellPath } from '../../exec/powershell.js';
import { ACCOUNTS_SCRIPT, collectAccountsWin32 } from './win32.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/win32/${name}`, import.meta.url), 'utf8');
const KEY = commandLine(powershellPath(), powershellArgs(ACCOUNTS_SCRIPT));
const now = new Date('2026-11-21T10:00:00Z');

describe('collectAccountsWin32 (fake Windows machines)', () => {
  it('runs the 64-bit Windows PowerShell with the accounts script and returns validated facts', async () => {
    const host = createFakeHost({ platform: 'win32', commands: { [KEY]: { stdout: fixture('accounts.win11-local-and-microsoft.json') } } });
    const g = await collectAccountsWin32({ host, now });
    expect(host.unmatched).toEqual([]);
    expect(host.calls[0]?.file).toBe('C:/Windows/System32/WindowsPowerShell/v1.0/powershell.exe');
    expect(host.calls[0]?.args.slice(0, 5)).toEqual(['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command']);
    expect(g.status).toBe('ok');
    expect(g.accounts?.filter((a) => a.isHuman).map((a) => a.username)).toEqual(['maria', 'office', 'trainee']);
    expect(AccountsFacts.safeParse(g).success).toBe(true);
  });

  it('Get-LocalUser missing: an error for people, with what could still be seen', async () => {
    const host = createFakeHost({ platform: 'win32', commands: { [KEY]: { stdout: fixture('accounts.no-localaccounts-module.json') } } });
    const g = await collectAccountsWin32({ host, now });
    expect(g.status).toBe('error');
    expect(g.error).toMatch(/^Windows local accounts could not be read \(Get-LocalUser\): The term 'Get-LocalUser' is not recognized/);
    expect(g.accounts).toHaveLength(1);
  });

  it('PowerShell failing outright is an error with its message', async () => {
    const host = createFakeHost({
      platform: 'win32',
      commands: { [KEY]: { exitCode: 1, stderr: 'Program blocked by group policy\r\nAt line:1 char:1\r\n' } },
    });
    expect(await collectAccountsWin32({ host, now })).toEqual({
      status: 'error',
      error: 'Reading Windows accounts failed (exit code 1): Program blocked by group policy',
    });
  });
});

it.each([['ACCOUNTS_SCRIPT', ACCOUNTS_SCRIPT]])(
  '%s travels as one argument: one line, no double quotes or comments, ends in compressed JSON',
  (_, script) => {
    expect(script).not.toMatch(/["#\r\n]/);
    expect(script).toMatch(/ConvertTo-Json .*-Compress\s*}?$/);
  },
);
