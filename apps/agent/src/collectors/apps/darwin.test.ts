import { readFileSync } from 'node:fs';
import { AppsFacts, LIMITS } from '@safefleet/protocol';
import { describe, expect, it } from 'vitest';
import { REGISTRY } from '../registry.js';
import { commandLine, createFakeHost } from '../../exec/index.js';
import { collectAppsDarwin, plutilJsonArgs } from './darwin.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/darwin/${name}`, import.meta.url), 'utf8');
const now = new Date('2026-11-21T10:00:00Z');
const plutil = (plist: string) => commandLine('plutil', plutilJsonArgs(plist));
const FAKE_PLIST = '(read by plutil)';

describe('collectAppsDarwin (fake Macs)', () => {
  it('macOS 14 with Telegram: /Applications, a sub-folder, an iPad app and a per-user web app', async () => {
    const host = createFakeHost({
      platform: 'darwin',
      files: {
        '/Applications/Telegram.app/Contents/Info.plist': FAKE_PLIST,
        '/Applications/Firefox.app/Contents/Info.plist': FAKE_PLIST,
        '/Applications/Microsoft Office/Microsoft Word.app/Contents/Info.plist': FAKE_PLIST,
        '/Applications/Snapchat.app/Wrapper/Snapchat.app/Info.plist': FAKE_PLIST,
        '/Applications/Old Tool.app/Contents/Info.plist': fixture('Info.plist.old-tool.xml'),
        '/Users/alice/Applications/Chrome Apps.localized/WhatsApp Web.app/Contents/Info.plist': FAKE_PLIST,
      },
      paths: ['/Users/Shared', '/Users/.localized', '/System/Applications/Messages.app'],
      commands: {
        [plutil('/Applications/Telegram.app/Contents/Info.plist')]: { stdout: fixture('plutil-json.Telegram.json') },
        [plutil('/Applications/Firefox.app/Contents/Info.plist')]: { stdout: fixture('plutil-json.Firefox.json') },
        [plutil('/Applications/Microsoft Office/Microsoft Word.app/Contents/Info.plist')]: { stdout: fixture('plutil-json.Microsoft-Word.json') },
        [plutil('/Applications/Snapchat.app/Wrapper/Snapchat.app/Info.plist')]: { stdout: fixture('plutil-json.ipad-Snapchat.json') },
        [plutil('/Applications/Old Tool.app/Contents/Info.plist')]: { exitCode: 1, stderr: fixture('plutil-json.date-refused.stderr.txt') },
        [plutil('/Users/alice/Applications/Chrome Apps.localized/WhatsApp Web.app/Contents/Info.plist')]: {
          stdout: fixture('plutil-json.chrome-pwa-WhatsApp-Web.json'),
        },
      },
    });
    const r = await collectAppsDarwin({ host, now });
    expect(r.status).toBe('ok');
    expect(r.apps?.map((a) => `${a.id}${a.user ? `@${a.user}` : ''} ${a.version ?? '-'}`)).toEqual([
      'org.mozilla.firefox 130.0',
      'com.example.oldtool 2.1',
      'com.toyopagroup.picaboo 13.5.0',
      'ru.keepcoder.Telegram 11.0',
      'com.microsoft.Word 16.88',
      'com.google.Chrome.app.hnpfjngllnobngcgfapefoaidbinmjnm@alice 1.0',
    ]);
    expect(r.apps?.every((a) => a.source === 'macapp')).toBe(true);
    expect(AppsFacts.safeParse(r).success).toBe(true);
    expect(host.unmatched).toEqual([]);
    expect(host.calls.some((c) => c.line.includes('/System/Applications'))).toBe(false);
  });

  it('no Applications folder to read is an error', async () => {
    const host = createFakeHost({ platform: 'darwin' });
    expect(await collectAppsDarwin({ host, now })).toEqual({ status: 'error', error: 'The Applications folder could not be read' });
  });

  it('cuts the list at LIMITS.maxApps and says so', async () => {
    const names = Array.from({ length: LIMITS.maxApps + 3 }, (_, i) => `App${i}.app`);
    const host = createFakeHost({ platform: 'darwin', dirs: { '/Applications': names } });
    const r = await collectAppsDarwin({ host, now });
    expect(r.apps).toHaveLength(LIMITS.maxApps);
    expect(r.truncated).toBe(true);
  });
});

describe('registry', () => {
  it('collectAppsDarwin is the macOS entry for apps', () => {
    expect(REGISTRY.apps.darwin).toBe(collectAppsDarwin);
  });
});
