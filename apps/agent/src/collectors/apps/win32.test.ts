import { readFileSync } from 'node:fs';
import { AppsFacts } from '@safefleet/protocol';
import { describe, expect, it } from 'vitest';
import { commandLine, createFakeHost, type FakeResult } from '../../exec/index.js';
import { powershellArgs, powershellPath } from '../../exec/powershell.js';
import { APPS_SCRIPT, collectAppsWin32 } from './win32.js';

const text = (name: string) => readFileSync(new URL(`./fixtures/win32/${name}`, import.meta.url), 'utf8');
const lines = (name: string) => text(name).split('\n').filter(Boolean);
const KEY = commandLine(powershellPath(), powershellArgs(APPS_SCRIPT));
const now = new Date('2026-11-21T10:00:00Z');

/** A Windows laptop's disk: two people with per-user program files and Packages folders. */
const machine = (ps: FakeResult) =>
  createFakeHost({
    platform: 'win32',
    commands: { [KEY]: ps },
    dirs: {
      'C:/Users': ['All Users', 'Default', 'Default User', 'Public', 'desktop.ini', 'maria', 'youth'],
      'C:/Users/maria/AppData/Local/Packages': lines('packages.maria.txt'),
      'C:/Users/youth/AppData/Local/Packages': lines('packages.youth.txt'),
    },
    files: {
      'C:/Users/maria/AppData/Local/Discord/Update.exe': '',
      'C:/Users/youth/AppData/Local/Discord/Update.exe': '',
      'C:/Users/youth/AppData/Roaming/Telegram Desktop/Telegram.exe': '',
    },
  });

describe('collectAppsWin32 (fake Windows machines)', () => {
  it('admin: registry + Store + per-user folders, WhatsApp from the Store attributed to maria', async () => {
    const host = machine({ stdout: text('apps.win11-whatsapp-store-discord.json') });
    const g = await collectAppsWin32({ host, now });
    expect(host.unmatched).toEqual([]);
    expect(g.status).toBe('ok');
    expect(g.error).toBeUndefined();
    expect(g.apps).toHaveLength(16);
    expect(g.apps).toContainEqual({
      name: '5319275A.WhatsAppDesktop',
      id: '5319275A.WhatsAppDesktop_cv1g1gvanyjgm',
      version: '2.2421.9.0',
      source: 'store',
      user: 'maria',
    });
    expect(g.apps?.filter((a) => a.user === 'youth').map((a) => a.name)).toEqual(['Discord', 'Telegram Desktop', 'Microsoft.WindowsCalculator']);
    expect(AppsFacts.safeParse(g).success).toBe(true);
  });

  it('not admin: ok, with a note that Store apps came from the Packages folders', async () => {
    const g = await collectAppsWin32({ host: machine({ stdout: text('apps.non-admin-no-appx.json') }), now });
    expect(g.status).toBe('ok');
    expect(g.error).toMatch(/^The Microsoft Store app list could not be read \(Get-AppxPackage\): Access is denied\./);
    expect(g.apps?.filter((a) => a.source === 'store' && a.user === 'maria').map((a) => a.id)).toContain('5319275A.WhatsAppDesktop_cv1g1gvanyjgm');
  });

  it('PowerShell fails: an error, but per-user folders under C:\\Users are still checked', async () => {
    const g = await collectAppsWin32({ host: machine({ exitCode: 1, stderr: 'Access is denied.\r\n' }), now });
    expect(g.status).toBe('error');
    expect(g.error).toBe(
      'Reading the installed Windows programs failed (exit code 1): Access is denied.; only per-user app folders could be checked',
    );
    expect(g.apps?.filter((a) => a.name === 'Discord').map((a) => a.user)).toEqual(['maria', 'youth']);
    expect(g.apps?.some((a) => a.id === '5319275A.WhatsAppDesktop_cv1g1gvanyjgm' && a.user === 'maria')).toBe(true);
  });
});

it.each([['APPS_SCRIPT', APPS_SCRIPT]])(
  '%s travels as one argument: one line, no double quotes or comments, ends in compressed JSON',
  (_, script) => {
    expect(script).not.toMatch(/["#\r\n]/);
    expect(script).toMatch(/ConvertTo-Json .*-Compress\s*}?$/);
  },
);
