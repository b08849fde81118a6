import { readFileSync } from 'node:fs';
import { AntivirusFacts } from '@safefleet/protocol';
import { describe, expect, it } from 'vitest';
import { REGISTRY } from '../registry.js';
import { commandLine, createFakeHost, type FakeHostSpec } from '../../exec/index.js';
import {
  collectAntivirusDarwin,
  INSTALL_HISTORY_ARGS,
  PKGUTIL_PKGS_ARGS,
  pkgInfoArgs,
  SYSEXT_ARGS,
  XPROTECT_CORESERVICES_PLIST,
  XPROTECT_SEQUOIA_PLIST,
  XPROTECT_VERSION_ARGS,
} from './darwin.js';
import { MDATP_ARGS } from './linux.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/darwin/${name}`, import.meta.url), 'utf8');
const now = new Date('2026-11-21T10:00:00Z');
const CONFIG_ID = 'com.apple.pkg.XProtectPlistConfigData_10_15.16U4347';
const PAYLOADS_ID = 'com.apple.pkg.XProtectPayloads_10_15.16U4295';
const receipts: FakeHostSpec['commands'] = {
  [commandLine('pkgutil', PKGUTIL_PKGS_ARGS)]: { stdout: fixture('pkgutil-pkgs.sonoma.txt') },
  [commandLine('pkgutil', pkgInfoArgs(CONFIG_ID))]: { stdout: fixture('pkgutil-pkg-info.XProtectPlistConfigData.txt') },
  [commandLine('pkgutil', pkgInfoArgs(PAYLOADS_ID))]: { stdout: fixture('pkgutil-pkg-info.XProtectPayloads.txt') },
};

describe('collectAntivirusDarwin (fake Macs)', () => {
  it('macOS 14 Sonoma: XProtect in CoreServices, dated by its pkgutil receipt; no third-party antivirus', async () => {
    const host = createFakeHost({
      platform: 'darwin',
      commands: { ...receipts, [commandLine('systemextensionsctl', SYSEXT_ARGS)]: { stdout: fixture('systemextensionsctl-list.none.txt') } },
      files: { [XPROTECT_CORESERVICES_PLIST]: fixture('version.plist.coreservices-5272.xml') },
    });
    const g = await collectAntivirusDarwin({ host, now });
    expect(g.products).toEqual([
      expect.objectContaining({
        name: 'XProtect',
        enabled: true,
        realTime: true,
        antispyware: true,
        signaturesUpdatedAt: '2024-06-10T20:04:13.000Z',
        source: `xprotect:${XPROTECT_CORESERVICES_PLIST}`,
      }),
    ]);
    expect(AntivirusFacts.safeParse(g).success).toBe(true);
    expect(host.unmatched).toEqual([]);
  });

  it('macOS 15 Sequoia: /var/protected wins over the older CoreServices copy; Defender and CrowdStrike are listed too', async () => {
    const host = createFakeHost({
      platform: 'darwin',
      commands: {
        ...receipts,
        [commandLine('systemextensionsctl', SYSEXT_ARGS)]: { stdout: fixture('systemextensionsctl-list.crowdstrike-and-old-malwarebytes.txt') },
        [commandLine('mdatp', MDATP_ARGS)]: { stdout: fixture('mdatp-health.mac.json') },
      },
      files: {
        [XPROTECT_SEQUOIA_PLIST]: fixture('version.plist.var-protected-5287.xml'),
        [XPROTECT_CORESERVICES_PLIST]: fixture('version.plist.coreservices-5272.xml'),
      },
    });
    const g = await collectAntivirusDarwin({ host, now });
    expect(g.products?.map((p) => [p.name, p.enabled, p.signaturesUpdatedAt])).toEqual([
      ['XProtect', true, null],
      ['Microsoft Defender for Endpoint', true, '2026-11-07T14:00:00.000Z'],
      ['CrowdStrike Falcon', true, null],
      ['Malwarebytes', false, null],
    ]);
    expect(g.products?.[0]?.raw).toMatchObject({ version: '5287', receiptVersion: '5272.1.1717699462' });
    expect(AntivirusFacts.safeParse(g).success).toBe(true);
  });

  it('no plist readable: `xprotect version` is asked; no receipts: System Information install history dates it', async () => {
    const host = createFakeHost({
      platform: 'darwin',
      commands: {
        [commandLine('xprotect', XPROTECT_VERSION_ARGS)]: { stdout: fixture('xprotect-version.guessed.txt') },
        [commandLine('pkgutil', PKGUTIL_PKGS_ARGS)]: { stdout: 'com.apple.pkg.RosettaUpdateAuto\n' },
        [commandLine('system_profiler', INSTALL_HISTORY_ARGS)]: { stdout: fixture('system_profiler-install-history.json') },
        [commandLine('systemextensionsctl', SYSEXT_ARGS)]: { exitCode: 1, stderr: 'systemextensionsctl: permission denied\n' },
      },
    });
    const [x, ...rest] = (await collectAntivirusDarwin({ host, now })).products ?? [];
    expect(x).toMatchObject({
      enabled: true,
      source: 'xprotect:xprotect version',
      raw: { version: '5287', receiptVersion: '5272' },
      signaturesUpdatedAt: null,
    });
    expect(rest).toEqual([]);
  });

  it('an installed Defender that does not answer is unknown, not off', async () => {
    const host = createFakeHost({
      platform: 'darwin',
      commands: {
        ...receipts,
        [commandLine('mdatp', MDATP_ARGS)]: { exitCode: 1, stdout: 'ERROR: Daemon is not running\n' },
        [commandLine('systemextensionsctl', SYSEXT_ARGS)]: { stdout: fixture('systemextensionsctl-list.none.txt') },
      },
      files: { [XPROTECT_CORESERVICES_PLIST]: fixture('version.plist.coreservices-5272.xml') },
    });
    const d = (await collectAntivirusDarwin({ host, now })).products?.find((p) => p.name.startsWith('Microsoft'));
    expect(d).toMatchObject({ enabled: null, raw: { error: 'mdatp health exited with code 1: ERROR: Daemon is not running' } });
  });
});

describe('registry', () => {
  it('collectAntivirusDarwin is the macOS entry for antivirus', () => {
    expect(REGISTRY.antivirus.darwin).toBe(collectAntivirusDarwin);
  });
});
