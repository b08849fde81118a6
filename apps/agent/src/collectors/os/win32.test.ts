import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commandLine, createFakeHost } from '../../exec/index.js';
import { powershellArgs, powershellPath } from '../../exec/powershell.js';
import { collectOsWin32, OS_SCRIPT } from './win32.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/win32/${name}`, import.meta.url), 'utf8');
const KEY = commandLine(powershellPath(), powershellArgs(OS_SCRIPT));
const now = new Date('2026-11-21T10:00:00Z');

describe('collectOsWin32 (fake Windows machines)', () => {
  it('Windows 11 whose registry says "Windows 10 Pro"', async () => {
    const host = createFakeHost({ platform: 'win32', commands: { [KEY]: { stdout: fixture('os.win11-pro-23h2.json') } } });
    expect(await collectOsWin32({ host, now })).toMatchObject({ status: 'ok', platform: 'win32', distro: 'Windows 11 Pro', build: '22631.3880' });
    expect(host.unmatched).toEqual([]);
  });

  it('PowerShell times out: an error that still names the platform', async () => {
    const host = createFakeHost({ platform: 'win32', commands: { [KEY]: { exitCode: null, timedOut: true } } });
    expect(await collectOsWin32({ host, now })).toEqual({
      status: 'error',
      platform: 'win32',
      error: 'Reading the Windows version did not answer within 30 s',
    });
  });
});

it.each([['OS_SCRIPT', OS_SCRIPT]])('%s travels as one argument: one line, no double quotes or comments, ends in compressed JSON', (_, script) => {
  expect(script).not.toMatch(/["#\r\n]/);
  expect(script).toMatch(/ConvertTo-Json .*-Compress\s*}?$/);
});
