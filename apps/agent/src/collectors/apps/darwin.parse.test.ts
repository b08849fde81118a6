import { readFileSync } from 'node:fs';
import { App } from '@safefleet/protocol';
import { describe, expect, it } from 'vitest';
import { parsePlistXml } from '../../exec/plist.js';
import { appFromInfoPlist, dedupeApps, homeFolders, parsePlutilJson, splitListing } from './darwin.parse.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/darwin/${name}`, import.meta.url), 'utf8');

describe('folders', () => {
  it('home folders skip Shared, Guest and dot entries', () => {
    expect(homeFolders(['.localized', 'Guest', 'Shared', 'alice', 'youthworker'])).toEqual(['alice', 'youthworker']);
  });

  it('apps and sub-folders of a listing', () => {
    expect(splitListing(['.DS_Store', '.localized', 'Firefox.app', 'Microsoft Office', 'Utilities', 'Telegram.app'])).toEqual({
      apps: ['Firefox.app', 'Telegram.app'],
      folders: ['Microsoft Office', 'Utilities'],
    });
  });
});

describe('appFromInfoPlist', () => {
  it.each([
    ['plutil-json.Telegram.json', 'Telegram.app', undefined, { id: 'ru.keepcoder.Telegram', name: 'Telegram', version: '11.0', source: 'macapp' }],
    ['plutil-json.Firefox.json', 'Firefox.app', undefined, { id: 'org.mozilla.firefox', name: 'Firefox', version: '130.0', source: 'macapp' }],
    [
      'plutil-json.ipad-Snapchat.json',
      'Snapchat.app',
      undefined,
      { id: 'com.toyopagroup.picaboo', name: 'Snapchat', version: '13.5.0', source: 'macapp' },
    ],
    [
      'plutil-json.chrome-pwa-WhatsApp-Web.json',
      'WhatsApp Web.app',
      'alice',
      {
        id: 'com.google.Chrome.app.hnpfjngllnobngcgfapefoaidbinmjnm',
        name: 'WhatsApp Web',
        version: '1.0',
        source: 'macapp',
        user: 'alice',
      },
    ],
    ['plutil-json.no-bundle-id.json', 'Helper.app', undefined, { id: 'Helper.app', name: 'Helper', source: 'macapp' }],
  ])('%s', (name, bundle, user, want) => {
    const a = appFromInfoPlist(parsePlutilJson(fixture(name)), bundle, user);
    expect(a).toEqual(want);
    expect(App.safeParse(a).success).toBe(true);
  });

  it('an XML Info.plist with a <date> (read when plutil refuses JSON)', () => {
    expect(appFromInfoPlist(parsePlistXml(fixture('Info.plist.old-tool.xml')), 'Old Tool.app')).toEqual({
      id: 'com.example.oldtool',
      name: 'Old Tool',
      version: '2.1',
      source: 'macapp',
    });
  });

  it('plutil errors are not JSON; an unreadable plist still lists the bundle by folder name', () => {
    expect(parsePlutilJson(fixture('plutil-json.broken.stderr.txt'))).toBeNull();
    expect(parsePlutilJson('[1,2]')).toBeNull();
    expect(appFromInfoPlist(null, 'Broken.app')).toEqual({ id: 'Broken.app', name: 'Broken', source: 'macapp' });
  });
});

describe('dedupeApps', () => {
  it('once per id and user', () => {
    const a = { id: 'x', name: 'X', source: 'macapp' as const };
    expect(dedupeApps([a, a, { ...a, user: 'alice' }])).toEqual([a, { ...a, user: 'alice' }]);
  });
});
