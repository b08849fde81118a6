import { readFileSync } from 'node:fs';
import { AntivirusProduct } from '@safefleet/protocol';
import { describe, expect, it } from 'vitest';
import { parsePlistXml } from '../../exec/plist.js';
import {
  esAntivirusProducts,
  newestSignatureReceipt,
  parsePkgInfo,
  parseSystemExtensions,
  parseXprotectVersionCommand,
  xprotectPackageIds,
  xprotectProduct,
  xprotectReceiptsFromInstallHistory,
  xprotectVersionFromPlist,
} from './darwin.parse.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/darwin/${name}`, import.meta.url), 'utf8');

describe('XProtect version', () => {
  it.each([
    ['version.plist.coreservices-5272.xml', '5272'],
    ['version.plist.var-protected-5287.xml', '5287'],
  ])('%s → %s', (name, want) => {
    expect(xprotectVersionFromPlist(parsePlistXml(fixture(name)))).toBe(want);
  });

  it('a plist without a numeric version, or no plist at all → null', () => {
    expect(
      xprotectVersionFromPlist(parsePlistXml('<plist version="1.0"><dict><key>CFBundleShortVersionString</key><string>beta</string></dict></plist>')),
    ).toBeNull();
    expect(xprotectVersionFromPlist(null)).toBeNull();
  });

  it.each([
    ['XProtect version: 5287\n', '5287'],
    ['5287\n', '5287'],
    ['Version 5290 (installed 2026-11-20)\n', '5290'],
    ['xprotect: must be run as root\n', null],
    ['', null],
  ])('`xprotect version` %j → %s', (out, want) => {
    expect(parseXprotectVersionCommand(out)).toBe(want);
  });
});

describe('install receipts', () => {
  it('pkgutil --pkgs: only the XProtect packages', () => {
    expect(xprotectPackageIds(fixture('pkgutil-pkgs.sonoma.txt'))).toEqual([
      'com.apple.pkg.XProtectPlistConfigData_10_15.16U4347',
      'com.apple.pkg.XProtectPayloads_10_15.16U4295',
    ]);
    expect(xprotectPackageIds('')).toEqual([]);
  });

  it('pkgutil --pkg-info: id, version, install-time as a date; no receipt → null', () => {
    expect(parsePkgInfo(fixture('pkgutil-pkg-info.XProtectPlistConfigData.txt'))).toEqual({
      id: 'com.apple.pkg.XProtectPlistConfigData_10_15.16U4347',
      version: '5272.1.1717699462',
      installedAt: new Date('2024-06-10T20:04:13.000Z'),
    });
    expect(parsePkgInfo(fixture('pkgutil-pkg-info.no-receipt.stderr.txt'))).toBeNull();
  });

  it('the signatures are dated by XProtectPlistConfigData, even when Payloads is the newer receipt', () => {
    const config = parsePkgInfo(fixture('pkgutil-pkg-info.XProtectPlistConfigData.txt'));
    const payloads = { id: 'com.apple.pkg.XProtectPayloads_10_15.16U4300', version: '150', installedAt: new Date('2024-07-01T00:00:00Z') };
    expect(newestSignatureReceipt([payloads, config!])?.id).toBe('com.apple.pkg.XProtectPlistConfigData_10_15.16U4347');
    expect(newestSignatureReceipt([payloads])?.id).toBe(payloads.id);
    expect(newestSignatureReceipt([])).toBeNull();
  });

  it('system_profiler install history: the XProtect items; not JSON → none', () => {
    const r = xprotectReceiptsFromInstallHistory(fixture('system_profiler-install-history.json'));
    expect(r.map((x) => x.version)).toEqual(['5269', '5272']);
    expect(newestSignatureReceipt(r)?.installedAt?.toISOString()).toBe('2024-06-10T20:04:13.000Z');
    expect(xprotectReceiptsFromInstallHistory('system_profiler: unknown data type')).toEqual([]);
  });
});

describe('xprotectProduct', () => {
  const receipt = parsePkgInfo(fixture('pkgutil-pkg-info.XProtectPlistConfigData.txt'));

  it('macOS 14: version and receipt agree → dated by the receipt', () => {
    const p = xprotectProduct({ version: '5272', versionSource: '/Library/…/version.plist', receipt });
    expect(p).toMatchObject({
      name: 'XProtect',
      enabled: true,
      realTime: true,
      antispyware: true,
      signaturesUpToDate: null,
      signaturesUpdatedAt: '2024-06-10T20:04:13.000Z',
    });
    expect(AntivirusProduct.safeParse(p).success).toBe(true);
  });

  it('macOS 15 updated XProtect outside the installer: the old receipt date is not used', () => {
    const p = xprotectProduct({ version: '5287', versionSource: '/var/protected/…', receipt });
    expect(p.signaturesUpdatedAt).toBeNull();
    expect(p.raw?.note).toMatch(/newer than the last install record/);
  });

  it('no bundle readable → on/off unknown, not assumed', () => {
    const p = xprotectProduct({ version: null, versionSource: null, receipt: null });
    expect(p).toMatchObject({ enabled: null, realTime: null, signaturesUpdatedAt: null, source: 'xprotect' });
    expect(p.raw?.problem).toBe('No XProtect bundle could be read');
  });
});

describe('systemextensionsctl list', () => {
  it('rows by category; enabled/active from the * columns', () => {
    const exts = parseSystemExtensions(fixture('systemextensionsctl-list.crowdstrike-and-old-malwarebytes.txt'));
    expect(exts.map((e) => [e.category, e.bundleId, e.enabled, e.active, e.version, e.state])).toEqual([
      ['network_extension', 'ch.protonvpn.mac.WireGuard-Extension', true, true, '6.5.1/3106797.2605011144', 'activated enabled'],
      ['endpoint_security', 'com.crowdstrike.falcon.Agent', true, true, '7.14/18407.01', 'activated enabled'],
      ['endpoint_security', 'com.malwarebytes.mbam.engine.sys.ext', false, false, '5.27.1/5.27.1.4191', 'terminated waiting to uninstall on reboot'],
    ]);
  });

  it('space-separated copies and "0 extension(s)"', () => {
    expect(parseSystemExtensions(fixture('systemextensionsctl-list.spaces.txt'))).toMatchObject([
      {
        category: 'endpoint_security',
        bundleId: 'com.infomaniak.drive.desktopclient.LiteSyncExt',
        enabled: true,
        active: true,
        name: 'kDrive LiteSync Extension',
      },
    ]);
    expect(parseSystemExtensions(fixture('systemextensionsctl-list.none.txt'))).toEqual([]);
  });

  it.each([
    [
      'systemextensionsctl-list.crowdstrike-and-old-malwarebytes.txt',
      [
        ['CrowdStrike Falcon', true],
        ['Malwarebytes', false],
      ],
    ],
    ['systemextensionsctl-list.sophos-waiting.txt', [['Sophos', false]]],
    ['systemextensionsctl-list.spaces.txt', []],
    ['systemextensionsctl-list.none.txt', []],
  ])('%s → allow-listed antivirus only (VPNs and sync tools are not antivirus)', (name, want) => {
    const products = esAntivirusProducts(parseSystemExtensions(fixture(name)));
    expect(products.map((p) => [p.name, p.enabled])).toEqual(want);
    for (const p of products) expect(AntivirusProduct.safeParse(p).success).toBe(true);
  });

  it('still running but being removed is not on; the better of two copies of one vendor wins', () => {
    const text = [
      '2 extension(s)',
      '--- com.apple.system_extension.endpoint_security',
      'enabled\tactive\tteamID\tbundleID (version)\tname\t[state]',
      '*\t*\tGUNFMW623Y\tcom.bitdefender.cst.net.dci (1.0/1)\tBitdefender\t[terminated waiting to uninstall on reboot]',
      '\t\tGVZRY6KDKR\tcom.malwarebytes.mbam.engine.sys.ext (5.27.1/1)\tMalwarebytes Engine\t[terminated waiting to uninstall on reboot]',
      '*\t*\tGVZRY6KDKR\tcom.malwarebytes.mbam.engine.sys.ext (5.28.0/1)\tMalwarebytes Engine\t[activated enabled]',
    ].join('\n');
    expect(esAntivirusProducts(parseSystemExtensions(text)).map((p) => [p.name, p.enabled, p.raw?.version])).toEqual([
      ['Bitdefender', false, '1.0/1'],
      ['Malwarebytes', true, '5.28.0/1'],
    ]);
  });
});
