/**
 * macos-14: a youth worker's MacBook Air on macOS Sonoma 14.8.2. FileVault was never switched
 * on, Telegram is installed from the Mac App Store, a Sonoma security update is waiting, and
 * XProtect lives in the pre-Sequoia place (CoreServices), with no `xprotect` command.
 */
import { XPROTECT_CORESERVICES_PLIST } from '../../src/collectors/antivirus/darwin.js';
import { INSTALL_HISTORY_PLIST } from '../../src/collectors/updates/darwin.js';
import { infoPlist, macSpec } from './darwin-common.js';
import type { BundleRecipe } from './make-bundle.js';

const capturedAt = new Date('2026-11-19T11:20:00.000Z');
const xprotectPlist = (v: string) => `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>BuildAliasOf</key>
	<string>XProtect</string>
	<key>CFBundleShortVersionString</key>
	<string>${v}</string>
	<key>CFBundleVersion</key>
	<string>${v}</string>
	<key>ProjectName</key>
	<string>XProtectPlistConfigData</string>
</dict>
</plist>
`;
const history = (entries: Array<[string, string, string, string]>) => `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<array>
${entries
  .map(
    ([date, name, version, proc]) => `	<dict>
		<key>date</key>
		<date>${date}</date>
		<key>displayName</key>
		<string>${name}</string>
		<key>displayVersion</key>
		<string>${version}</string>
		<key>packageIdentifiers</key>
		<array/>
		<key>processName</key>
		<string>${proc}</string>
	</dict>`,
  )
  .join('\n')}
</array>
</plist>
`;
export { history as installHistoryXml, xprotectPlist as xprotectVersionPlist };

const spec = macSpec({
  capturedAt,
  productVersion: '14.8.2',
  build: '23J126',
  darwinKernel: '23.6.0',
  hostname: 'Ruths-MacBook-Air.local',
  serial: 'FVFHK2R9Q6L4',
  model: 'J413AP',
  people: [
    {
      name: 'ruth',
      uid: 501,
      fullName: 'Ruth Keeper',
      passwordLastSet: new Date('2026-09-20T18:42:07Z'),
      screenLock: 'delay is immediate',
      idleTime: 300,
    },
    {
      name: 'itadmin',
      uid: 502,
      fullName: 'IT Admin',
      passwordLastSet: new Date('2026-10-01T09:00:00Z'),
      screenLock: 'delay is immediate',
      idleTime: null,
    },
  ],
  fileVault: 'FileVault is Off.',
  pendingUpdates: [
    '* Label: macOS Sonoma 14.8.3-23J220',
    '\tTitle: macOS Sonoma 14.8.3, Version: 14.8.3, Size: 1612345KiB, Recommended: YES, Action: restart, ',
  ],
  xprotect: {
    pkgs: [
      { id: 'com.apple.pkg.XProtectPlistConfigData_10_15.16U4421', version: '5322.1.1763049001', installed: new Date('2026-11-16T21:04:10Z') },
      { id: 'com.apple.pkg.XProtectPayloads_10_15.16U4410', version: '158.1.1762300000', installed: new Date('2026-11-06T20:11:45Z') },
    ],
  },
  apps: {
    'Telegram.app': infoPlist('ru.keepcoder.Telegram', 'Telegram', '11.14', { LSApplicationCategoryType: 'public.app-category.social-networking' }),
    'Firefox.app': infoPlist('org.mozilla.firefox', 'Firefox', '132.0.2'),
    'Microsoft Word.app': infoPlist('com.microsoft.Word', 'Microsoft Word', '16.91'),
    'Safari.app': infoPlist('com.apple.Safari', 'Safari', '18.6'),
  },
  displaySleepMinutes: 10,
});

export const macos14: BundleRecipe = {
  name: 'macos-14',
  capturedAt,
  hostname: 'Ruths-MacBook-Air.local',
  timeZone: 'Europe/London',
  note: 'Test bundle built by test-bundles/make/macos-14.ts in the shapes of the darwin collector fixtures (FIELD-GUIDE §3); not a real machine.',
  spec: {
    ...spec,
    files: {
      [XPROTECT_CORESERVICES_PLIST]: xprotectPlist('5322'),
      [INSTALL_HISTORY_PLIST]: history([
        ['2026-07-30T19:02:11Z', 'macOS Sonoma 14.8', '14.8', 'softwareupdated'],
        ['2026-09-24T20:15:31Z', 'macOS Sonoma 14.8.2', '14.8.2', 'softwareupdated'],
        ['2026-11-16T21:04:10Z', 'XProtectPlistConfigData', '5322', 'softwareupdated'],
        ['2026-10-03T17:40:00Z', 'Telegram', '11.14', 'appstoreagent'],
      ]),
    },
  },
};
