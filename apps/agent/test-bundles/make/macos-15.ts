/**
 * macos-15: a trustee's MacBook Pro on macOS Sequoia 15.7.2. FileVault on, XProtect in its
 * Sequoia place (/var/protected/xprotect) with recent definitions, no updates waiting, no social
 * or messaging apps.
 */
import { XPROTECT_SEQUOIA_PLIST } from '../../src/collectors/antivirus/darwin.js';
import { INSTALL_HISTORY_PLIST } from '../../src/collectors/updates/darwin.js';
import { infoPlist, macSpec } from './darwin-common.js';
import type { BundleRecipe } from './make-bundle.js';
import { installHistoryXml, xprotectVersionPlist } from './macos-14.js';

const capturedAt = new Date('2026-11-20T15:30:00.000Z');

const spec = macSpec({
  capturedAt,
  productVersion: '15.7.2',
  build: '24G325',
  darwinKernel: '24.6.0',
  hostname: 'trustee-mbp.local',
  serial: 'L7QX93MDY2',
  model: 'J514sAP',
  people: [
    {
      name: 'dan',
      uid: 501,
      fullName: 'Dan Trustee',
      passwordLastSet: new Date('2026-11-01T10:12:44Z'),
      screenLock: 'delay is 5 seconds',
      idleTime: 600,
    },
  ],
  fileVault: 'FileVault is On.',
  pendingUpdates: null,
  xprotect: {
    pkgs: [
      { id: 'com.apple.pkg.XProtectPlistConfigData_10_15.16U4424', version: '5331.1.1763350000', installed: new Date('2026-11-18T02:30:41Z') },
      { id: 'com.apple.pkg.XProtectPayloads_10_15.16U4412', version: '159.1.1763400000', installed: new Date('2026-11-18T02:31:09Z') },
    ],
  },
  apps: {
    'Firefox.app': infoPlist('org.mozilla.firefox', 'Firefox', '132.0.2'),
    'Microsoft Excel.app': infoPlist('com.microsoft.Excel', 'Microsoft Excel', '16.91'),
    'Keynote.app': infoPlist('com.apple.iWork.Keynote', 'Keynote', '14.4'),
  },
  displaySleepMinutes: 10,
});

export const macos15: BundleRecipe = {
  name: 'macos-15',
  capturedAt,
  hostname: 'trustee-mbp.local',
  timeZone: 'Europe/London',
  note: 'Test bundle built by test-bundles/make/macos-15.ts in the shapes of the darwin collector fixtures (FIELD-GUIDE §3); not a real machine.',
  spec: {
    ...spec,
    files: {
      [XPROTECT_SEQUOIA_PLIST]: xprotectVersionPlist('5331'),
      [INSTALL_HISTORY_PLIST]: installHistoryXml([
        ['2026-10-02T20:15:31Z', 'macOS Sequoia 15.7.1', '15.7.1', 'softwareupdated'],
        ['2026-11-12T21:47:02Z', 'macOS Sequoia 15.7.2', '15.7.2', 'softwareupdated'],
        ['2026-11-18T02:31:09Z', 'XProtectPayloads', '159', 'softwareupdated'],
      ]),
    },
  },
};
