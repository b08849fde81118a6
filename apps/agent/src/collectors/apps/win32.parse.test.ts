import { readFileSync } from 'node:fs';
import { AppsFacts } from '@safefleet/protocol';
import { describe, expect, it } from 'vitest';
import { parsePsJson } from '../../exec/powershell.js';
import { mergeApps, parseAppsDoc, type UserFolders } from './win32.parse.js';

const text = (name: string) => readFileSync(new URL(`./fixtures/win32/${name}`, import.meta.url), 'utf8');
const doc = (name: string) => {
  const r = parsePsJson(text(name));
  if (!r.ok) throw new Error(`${name} is not JSON`);
  return r.value;
};
const lines = (name: string) => text(name).split('\n').filter(Boolean);
const FOLDERS: UserFolders[] = [
  { user: 'maria', packages: lines('packages.maria.txt'), exes: ['Discord'] },
  { user: 'youth', packages: lines('packages.youth.txt'), exes: ['Discord', 'Telegram Desktop'] },
];

describe('parseAppsDoc: Windows 11 laptop', () => {
  const d = parseAppsDoc(doc('apps.win11-whatsapp-store-discord.json'));

  it('win32 programs: system components, child updates and a WOW6432Node duplicate are left out', () => {
    expect(d.win32.map((a) => [a.name, a.user ?? null])).toEqual([
      ['Microsoft 365 - en-gb', null],
      ['Mozilla Firefox (x64 en-GB)', null],
      ['Teams Machine-Wide Installer', null],
      ['Adobe Acrobat (64-bit)', null],
      ['Microsoft Edge', null],
      ['Microsoft Update Health Tools', null],
      ['Discord', 'maria'],
      ['Microsoft OneDrive', 'maria'],
      ['Zoom Workplace', 'maria'],
    ]);
    expect(d.win32[0]).toEqual({ name: 'Microsoft 365 - en-gb', id: 'O365HomePremRetail - en-gb', version: '16.0.17628.20144', source: 'win32' });
  });

  it('store packages: no frameworks, no System-signed packages, one entry per family name', () => {
    expect(d.store?.map((a) => a.id)).toEqual([
      '5319275A.WhatsAppDesktop_cv1g1gvanyjgm',
      'Microsoft.WindowsCalculator_8wekyb3d8bbwe',
      'MSTeams_8wekyb3d8bbwe',
      'Facebook.InstagramBeta_8xx8rvfyw5nnt',
    ]);
    expect(d.store?.[0]).toEqual({
      name: '5319275A.WhatsAppDesktop',
      id: '5319275A.WhatsAppDesktop_cv1g1gvanyjgm',
      version: '2.2421.9.0',
      source: 'store',
    });
    expect(d.appxError).toBeNull();
  });
});

describe('mergeApps', () => {
  it('with Get-AppxPackage: Packages folders attribute Store apps to people; per-user program files fill gaps', () => {
    const { apps, truncated } = mergeApps(parseAppsDoc(doc('apps.win11-whatsapp-store-discord.json')), FOLDERS);
    expect(truncated).toBe(false);
    expect(apps).toHaveLength(16);
    expect(apps.filter((a) => a.name === 'Discord')).toEqual([
      { name: 'Discord', id: 'Discord', version: '1.0.9149', source: 'win32', user: 'maria' }, // from her hive; her Update.exe adds nothing
      { name: 'Discord', id: '%LocalAppData%\\Discord\\Update.exe', source: 'win32', user: 'youth' },
    ]);
    expect(apps).toContainEqual({ name: 'Telegram Desktop', id: '%AppData%\\Telegram Desktop\\Telegram.exe', source: 'win32', user: 'youth' });
    expect(apps).toContainEqual({
      name: '5319275A.WhatsAppDesktop',
      id: '5319275A.WhatsAppDesktop_cv1g1gvanyjgm',
      version: '2.2421.9.0',
      source: 'store',
      user: 'maria',
    });
    expect(apps.filter((a) => a.id === 'Microsoft.WindowsCalculator_8wekyb3d8bbwe').map((a) => a.user)).toEqual(['maria', 'youth']);
    // Installed (e.g. an OEM stub) but in nobody's profile: listed once, without a person.
    expect(apps).toContainEqual({
      name: 'Facebook.InstagramBeta',
      id: 'Facebook.InstagramBeta_8xx8rvfyw5nnt',
      version: '42.0.23.0',
      source: 'store',
    });
    // Folders of packages Get-AppxPackage does not list (system, leftovers) add nothing.
    expect(apps.some((a) => /ShellExperienceHost|DesktopAppInstaller|TelegramDesktop_/.test(a.id))).toBe(false);
    expect(AppsFacts.safeParse({ status: 'ok', apps }).success).toBe(true);
  });

  it('without Get-AppxPackage (not admin): the Packages folders are the Store list, minus Windows system packages', () => {
    const d = parseAppsDoc(doc('apps.non-admin-no-appx.json'));
    expect(d.store).toBeNull();
    expect(d.appxError).toBe('Access is denied. (Exception from HRESULT: 0x80070005 (E_ACCESSDENIED)) (0x80070005)');
    const { apps } = mergeApps(d, FOLDERS);
    expect(apps.filter((a) => a.source === 'store').map((a) => `${a.user}:${a.id}`)).toEqual([
      'maria:5319275A.WhatsAppDesktop_cv1g1gvanyjgm',
      'maria:Microsoft.DesktopAppInstaller_8wekyb3d8bbwe',
      'maria:Microsoft.WindowsCalculator_8wekyb3d8bbwe',
      'maria:MSTeams_8wekyb3d8bbwe',
      'youth:Microsoft.WindowsCalculator_8wekyb3d8bbwe',
      'youth:TelegramMessengerLLP.TelegramDesktop_t4vj0pshhgkwm',
    ]);
    // maria's hive is not loaded, so her Discord is found by its program file.
    expect(apps.filter((a) => a.name === 'Discord').map((a) => [a.user, a.id])).toEqual([
      ['maria', '%LocalAppData%\\Discord\\Update.exe'],
      ['youth', '%LocalAppData%\\Discord\\Update.exe'],
    ]);
  });

  it('a per-user uninstall entry named "Telegram Desktop version 5.1" covers the Telegram program file', () => {
    const d = parseAppsDoc({
      computer: 'PC',
      profiles: [],
      uninstall: [
        {
          Hive: 'S-1-5-21-1-2-3-1001',
          Key: '{53F49750-6209-4FBF-9CA8-7A333C87D1ED}_is1',
          DisplayName: 'Telegram Desktop version 5.1',
          DisplayVersion: '5.1',
        },
      ],
      appx: [],
    });
    const { apps } = mergeApps(d, [{ user: 'S-1-5-21-1-2-3-1001', packages: null, exes: ['Telegram Desktop'] }]);
    expect(apps).toEqual([
      {
        name: 'Telegram Desktop version 5.1',
        id: '{53F49750-6209-4FBF-9CA8-7A333C87D1ED}_is1',
        version: '5.1',
        source: 'win32',
        user: 'S-1-5-21-1-2-3-1001',
      },
    ]);
  });

  it('nothing at all', () => {
    expect(mergeApps(parseAppsDoc({ uninstall: [], appx: [] }), [])).toEqual({ apps: [], truncated: false });
  });
});
