import { APP_CATEGORIES, App, type AppSource } from '@safefleet/protocol';
import { describe, expect, it } from 'vitest';
import { CATALOGUE, matchCatalogue, packageFamilyName } from './index.js';

const app = (name: string, id: string, source: AppSource) => App.parse({ name, id, source });

describe('catalogue data', () => {
  it('has unique kebab-case ids, a known category and at least one identifier per entry', () => {
    const ids = CATALOGUE.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const e of CATALOGUE) {
      expect(e.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(APP_CATEGORIES).toContain(e.category);
      const count = Object.values(e.identifiers).reduce((n, list) => n + (list?.length ?? 0), 0);
      expect(count, e.id).toBeGreaterThan(0);
    }
  });

  it('includes the apps the brief lists', () => {
    const ids = new Set(CATALOGUE.map((e) => e.id));
    for (const id of [
      'whatsapp',
      'facebook',
      'messenger',
      'instagram',
      'threads',
      'tiktok',
      'snapchat',
      'x-twitter',
      'telegram',
      'signal',
      'discord',
      'reddit',
      'tumblr',
      'pinterest',
      'linkedin',
      'bereal',
      'kik',
      'viber',
      'wechat',
      'line',
      'yubo',
      'twitch',
      'monkey',
      'azar',
      'tango',
      'bigo-live',
      'chatous',
      'skype',
      'teams',
      'slack',
      'zoom',
      'element',
      'threema',
      'session',
      'kakaotalk',
      'imo',
      'groupme',
      'wire',
      'google-chat',
      'tinder',
      'bumble',
      'hinge',
      'grindr',
    ]) {
      expect(ids.has(id), id).toBe(true);
    }
  });

  it('every DisplayName regex compiles with its flags', () => {
    const regexes = CATALOGUE.flatMap((e) => e.identifiers.win32DisplayName ?? []);
    expect(regexes.length).toBeGreaterThan(10);
    for (const rx of regexes) {
      expect(() => new RegExp(rx.source, rx.flags)).not.toThrow();
      expect(rx.source).not.toContain('(?');
      expect(['', 'i']).toContain(rx.flags);
    }
  });

  it('never lists one identifier under two entries in the same column', () => {
    for (const column of ['windowsStore', 'macos', 'ios', 'linux', 'android'] as const) {
      const seen = new Map<string, string>();
      for (const e of CATALOGUE) {
        for (const id of e.identifiers[column] ?? []) {
          const key = id.toLowerCase();
          expect(seen.get(key) ?? e.id, `${column} ${id}`).toBe(e.id);
          seen.set(key, e.id);
        }
      }
    }
  });

  it('has no identifier with surrounding spaces or a placeholder ellipsis', () => {
    for (const e of CATALOGUE) {
      for (const list of [e.identifiers.windowsStore, e.identifiers.macos, e.identifiers.ios, e.identifiers.linux, e.identifiers.android]) {
        for (const id of list ?? []) {
          expect(id).toBe(id.trim());
          expect(id).not.toContain('…');
        }
      }
    }
  });
});

describe('matchCatalogue', () => {
  it.each([
    ['Store PFN, case-insensitive prefix', app('WhatsApp', '5319275a.whatsappdesktop_CV1G1GVANYJGM', 'store'), 'whatsapp', 'windowsStore'],
    ['Store full package name', app('WhatsApp', '5319275A.WhatsAppDesktop_2.2348.4.0_x64__cv1g1gvanyjgm', 'store'), 'whatsapp', 'windowsStore'],
    ['Store upper-case Facebook publisher', app('Facebook', 'FACEBOOK.FACEBOOK_8xx8rvfyw5nnt', 'store'), 'facebook', 'windowsStore'],
    ['Store Instagram Beta fixture', app('Instagram', 'Facebook.InstagramBeta_8xx8rvfyw5nnt', 'store'), 'instagram', 'windowsStore'],
    ['Store prefix-only LinkedIn', app('LinkedIn', '7EE7776C.LinkedInforWindows_w1wdnht996qgy', 'store'), 'linkedin', 'windowsStore'],
    ['Win32 Telegram Desktop', app('Telegram Desktop', 'x', 'win32'), 'telegram', 'win32DisplayName'],
    ['Win32 Discord exactly', app('Discord', 'Discord', 'win32'), 'discord', 'win32DisplayName'],
    ['Win32 WeChat in Chinese', app('微信', 'WeChat', 'win32'), 'wechat', 'win32DisplayName'],
    ['Win32 LINE (case-sensitive)', app('LINE', 'LINE', 'win32'), 'line', 'win32DisplayName'],
    ['Win32 Microsoft Teams', app('Microsoft Teams classic', 'Teams', 'win32'), 'teams', 'win32DisplayName'],
    ['Mac bundle id', app('Signal', 'org.whispersystems.signal-desktop', 'macapp'), 'signal', 'macos'],
    ['Mac running an iPad app', app('Snapchat', 'com.toyopagroup.picaboo', 'macapp'), 'snapchat', 'ios'],
    ['deb package', app('signal-desktop', 'signal-desktop', 'dpkg'), 'signal', 'linux'],
    ['snap', app('discord', 'discord', 'snap'), 'discord', 'linux'],
    ['flatpak app id', app('Telegram', 'org.telegram.desktop', 'flatpak'), 'telegram', 'linux'],
    ['desktop file basename', app('Telegram Desktop', 'org.telegram.desktop', 'desktop'), 'telegram', 'linux'],
    ['desktop file with extension', app('Signal', 'signal-desktop.desktop', 'desktop'), 'signal', 'linux'],
    ['Android package', app('TikTok', 'com.zhiliaoapp.musically', 'android'), 'tiktok', 'android'],
    ['iOS bundle id', app('Tinder', 'com.cardify.tinder', 'ios'), 'tinder', 'ios'],
  ] as const)('%s', (_label, installed, entryId, matchedBy) => {
    const [m, ...rest] = matchCatalogue([installed]);
    expect(rest).toHaveLength(0);
    expect(m?.entry.id).toBe(entryId);
    expect(m?.matchedBy).toBe(matchedBy);
    expect(m?.app).toBe(installed);
  });

  it.each([
    ['another Store app', app('Windows Terminal', 'Microsoft.WindowsTerminal_8wekyb3d8bbwe', 'store')],
    ['Store app id that only starts like a catalogue name', app('Instagram fan', 'Facebook.InstagramFan_8xx8rvfyw5nnt', 'store')],
    ['Win32 "Discord Helper" (the guide anchors ^Discord$)', app('Discord Helper', 'x', 'win32')],
    ['Win32 "Linear" is not LINE', app('Linear', 'x', 'win32')],
    ['Win32 "Line 6 Driver" is not LINE', app('Line 6 Driver', 'x', 'win32')],
    ['Win32 "Signalyzer" is not Signal', app('Signalyzer', 'x', 'win32')],
    ['a deb package named like a Windows program', app('whatsapp', 'whatsapp', 'dpkg')],
    ['an Android id given as a deb package', app('com.whatsapp', 'com.whatsapp', 'dpkg')],
    ['a Store PFN reported as a Win32 program', app('5319275A.WhatsAppDesktop_cv1g1gvanyjgm', 'y', 'win32')],
    ['source other', app('WhatsApp', 'net.whatsapp.WhatsApp', 'other')],
  ] as const)('does not match %s', (_label, installed) => {
    expect(matchCatalogue([installed])).toEqual([]);
  });

  it('filters by category and keeps the order of the apps', () => {
    const apps = [
      app('zoom.us', 'us.zoom.xos', 'macapp'),
      app('Tinder', 'com.tinder', 'android'),
      app('Slack', 'com.tinyspeck.slackmacgap', 'macapp'),
    ];
    expect(matchCatalogue(apps).map((m) => m.entry.id)).toEqual(['zoom', 'tinder', 'slack']);
    expect(matchCatalogue(apps, ['dating']).map((m) => m.entry.id)).toEqual(['tinder']);
    expect(matchCatalogue(apps, [])).toEqual([]);
  });

  it('reduces a package full name to its family name', () => {
    expect(packageFamilyName('Microsoft.WindowsTerminal_1.11.3471.0_x64__8wekyb3d8bbwe')).toBe('Microsoft.WindowsTerminal_8wekyb3d8bbwe');
    expect(packageFamilyName('Facebook.InstagramBeta_8xx8rvfyw5nnt')).toBe('Facebook.InstagramBeta_8xx8rvfyw5nnt');
  });
});
