import type { PolicyException } from '@safefleet/protocol';
import { describe, expect, it } from 'vitest';
import { buildException, buildInput, daysBefore } from '../test-support/facts.js';
import { checkSocialApps } from './social-apps.js';

type AppInput = { name: string; id: string; source: 'win32' | 'store' | 'dpkg' | 'flatpak' | 'macapp' | 'desktop'; user?: string };

const whatsappStore: AppInput = { name: 'WhatsApp', id: '5319275A.WhatsAppDesktop_cv1g1gvanyjgm', source: 'store' };
const telegramWin32: AppInput = { name: 'Telegram Desktop', id: '{53F49750-6209-4FBF-9CA8-7A333C87D1ED}_is1', source: 'win32' };
const notepad: AppInput = { name: 'Notepad++ (64-bit x64)', id: 'Notepad++', source: 'win32' };

function run(
  apps: AppInput[],
  opts: {
    exceptions?: PolicyException[];
    device?: { deviceId?: string; keeperRole?: string | null };
    categories?: string[];
    channels?: string[];
  } = {},
) {
  return checkSocialApps(
    buildInput(
      { apps: { status: 'ok', apps } },
      {
        exceptions: opts.exceptions ?? [],
        device: opts.device ?? { deviceId: 'dev-1', keeperRole: 'Youth worker' },
        policy: {
          ...(opts.categories ? { socialApps: { categories: opts.categories as never } } : {}),
          ...(opts.channels ? { approvedChannels: { chosen: true, appIds: opts.channels } } : {}),
        },
      },
    ),
  );
}

const byRole = (role: string, expiresAt = '2027-05-01T00:00:00.000Z') =>
  buildException({ id: 'exc-role', appIds: ['whatsapp'], scope: { kind: 'role', role }, expiresAt });
const byDevice = (deviceId: string) => buildException({ id: 'exc-device', appIds: ['whatsapp'], scope: { kind: 'device', deviceId } });

describe('social-apps', () => {
  it('passes with no catalogue apps installed', () => {
    const f = run([notepad]);
    expect(f.status).toBe('pass');
    expect(f.reason).toBe('No social media or messaging apps are installed.');
    expect(f.details).toMatchObject({ found: [] });
  });

  it('fails naming each app, the identifier that matched and the install source', () => {
    const f = run([notepad, whatsappStore, telegramWin32]);
    expect(f.status).toBe('fail');
    expect(f.reason).toContain('Found 2 social media or messaging apps');
    expect(f.reason).toContain('WhatsApp (Microsoft Store app');
    expect(f.reason).toContain('matched 5319275A.WhatsAppDesktop_cv1g1gvanyjgm');
    expect(f.reason).toContain("Telegram (Windows program 'Telegram Desktop'");
    expect(f.reason).toContain('matched ^Telegram( Desktop)?\\b');
    expect(f.details).toMatchObject({
      found: [
        {
          appId: 'whatsapp',
          name: 'WhatsApp',
          category: 'messaging',
          matchedBy: 'windowsStore',
          identifier: '5319275A.WhatsAppDesktop_cv1g1gvanyjgm',
          source: 'store',
        },
        { appId: 'telegram', name: 'Telegram', category: 'messaging', matchedBy: 'win32DisplayName', source: 'win32' },
      ],
    });
  });

  it.each([
    ['role, same words', byRole('Youth worker'), 'pass'],
    ['role, different case and spaces', byRole('  youth WORKER '), 'pass'],
    ['role of someone else', byRole('Trustee'), 'fail'],
    ['this device', byDevice('dev-1'), 'pass'],
    ['another device', byDevice('dev-2'), 'fail'],
    ['expired yesterday', byRole('Youth worker', daysBefore(1)), 'fail'],
    ['expiring in an hour', byRole('Youth worker', daysBefore(-1 / 24)), 'pass'],
  ] as const)('exception by %s → %s', (_label, exception, status) => {
    const f = run([whatsappStore], { exceptions: [exception] });
    expect(f.status).toBe(status);
    if (status === 'pass') {
      expect(f.reason).toContain('WhatsApp allowed by exception until');
      expect(f.details).toMatchObject({ found: [{ appId: 'whatsapp', allowedByException: exception.id }] });
    } else {
      expect(f.reason).toContain('WhatsApp (Microsoft Store app');
      expect(f.reason).not.toContain('allowed by exception');
    }
  });

  it('words the exception with its end date', () => {
    const f = run([whatsappStore], { exceptions: [byRole('Youth worker')] });
    expect(f.reason).toContain('WhatsApp allowed by exception until 2027-05-01');
  });

  it('a role exception does not apply when the keeper has no role', () => {
    expect(run([whatsappStore], { exceptions: [byRole('Youth worker')], device: { deviceId: 'dev-1', keeperRole: null } }).status).toBe('fail');
  });

  it('an exception covers only the apps it names', () => {
    const f = run([whatsappStore, telegramWin32], { exceptions: [byRole('Youth worker')] });
    expect(f.status).toBe('fail');
    expect(f.reason).toContain('Found 1 social media or messaging app not allowed');
    expect(f.reason).toContain('Telegram');
    expect(f.reason).toContain('WhatsApp allowed by exception until 2027-05-01');
  });

  it('names an app once when it is installed several ways', () => {
    const f = run([
      { name: 'Signal', id: 'signal-desktop', source: 'dpkg' },
      { name: 'Signal', id: 'signal-desktop', source: 'desktop' },
      { name: 'Discord', id: 'com.discordapp.Discord', source: 'flatpak', user: 'sam' },
    ]);
    expect(f.status).toBe('fail');
    expect(f.reason).toContain('Found 2 social media or messaging apps');
    expect(f.reason).toContain(
      "Signal (Debian/Ubuntu package 'Signal', matched signal-desktop; Linux app shortcut 'Signal', matched signal-desktop)",
    );
    expect(f.reason).toContain("Discord (Flatpak app 'Discord', matched com.discordapp.Discord, installed for 'sam')");
    expect((f.details as { found: unknown[] }).found).toHaveLength(3);
  });

  it('checks only the categories the organisation chose', () => {
    const zoom: AppInput = { name: 'zoom.us', id: 'us.zoom.xos', source: 'macapp' };
    expect(run([zoom]).status).toBe('fail');
    const f = run([zoom], { categories: ['social', 'messaging', 'dating', 'live-streaming', 'video-chat'] });
    expect(f.status).toBe('pass');
    expect(f.reason).toContain('social, messaging, dating, live-streaming and video-chat');
    expect(run([zoom], { categories: [] }).status).toBe('unknown');
  });

  it('is unknown when the app list could not be read or was cut short', () => {
    const err = checkSocialApps(buildInput({ apps: { status: 'error', error: 'Get-AppxPackage timed out' } }));
    expect(err.status).toBe('unknown');
    expect(err.reason).toContain('Get-AppxPackage timed out');
    const cut = checkSocialApps(buildInput({ apps: { status: 'ok', apps: [notepad], truncated: true } }));
    expect(cut.status).toBe('unknown');
    expect(cut.reason).toContain('too long');
  });

  it('a truncated list with a catalogue app still fails', () => {
    const f = checkSocialApps(buildInput({ apps: { status: 'ok', apps: [whatsappStore], truncated: true } }));
    expect(f.status).toBe('fail');
  });

  describe('approved work channels', () => {
    const teamsStore: AppInput = { name: 'Microsoft Teams', id: 'MSTeams_24335.208.2615.1014_x64__8wekyb3d8bbwe', source: 'store' };
    const zoomMac: AppInput = { name: 'zoom.us', id: 'us.zoom.xos', source: 'macapp' };

    it('fails a work channel until the organisation approves it (none allowed until chosen)', () => {
      const f = run([teamsStore]);
      expect(f.status).toBe('fail');
      expect(f.details).toMatchObject({ found: [{ appId: 'teams', category: 'work-collaboration' }] });
    });

    it('passes an approved channel with that reason, and only that channel', () => {
      const ok = run([teamsStore], { channels: ['teams'] });
      expect(ok.status).toBe('pass');
      expect(ok.reason).toContain('Microsoft Teams is an approved work channel of this organisation.');
      expect(ok.details).toMatchObject({ found: [{ appId: 'teams', approvedChannel: true }] });
      const other = run([teamsStore, zoomMac], { channels: ['teams'] });
      expect(other.status).toBe('fail');
      expect(other.reason).toContain('Zoom (Mac app');
    });

    it('approving applies to work-collaboration entries only: a messaging app id in the list is still checked', () => {
      const f = run([telegramWin32], { channels: ['telegram'] });
      expect(f.status).toBe('fail');
    });

    it('with Teams approved, Telegram still fails and is the only app named', () => {
      const f = run([teamsStore, telegramWin32], { channels: ['teams'] });
      expect(f.status).toBe('fail');
      expect(f.reason).toContain('Found 1 social media or messaging app not allowed');
      expect(f.reason).toContain('Telegram');
    });

    it('says which role an exception allows the app for', () => {
      const f = run([whatsappStore], { exceptions: [byRole('Youth worker')] });
      expect(f.reason).toContain("WhatsApp allowed by exception until 2027-05-01 (for the role 'Youth worker').");
      expect(f.details).toMatchObject({ found: [{ allowedForRole: 'Youth worker' }] });
    });
  });
});
