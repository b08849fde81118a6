import { readFileSync } from 'node:fs';
import { AntivirusFacts } from '@safefleet/protocol';
import { describe, expect, it } from 'vitest';
import { parsePsJson } from '../../exec/powershell.js';
import { decodeProductState, DEFENDER_NAME, parseAntivirusDoc } from './win32.parse.js';

const doc = (name: string) => {
  const r = parsePsJson(readFileSync(new URL(`./fixtures/win32/${name}`, import.meta.url), 'utf8'));
  if (!r.ok) throw new Error(`${name} is not JSON`);
  return r.value;
};

describe('decodeProductState (mask view)', () => {
  it.each([
    [397568, { state: 'on', enabled: true, upToDate: true, microsoft: true }], // 0x61100 Defender on
    [393472, { state: 'off', enabled: false, upToDate: true, microsoft: true }], // 0x60100 Defender off
    [397584, { state: 'on', enabled: true, upToDate: false, microsoft: true }], // 0x61110 out of date
    [462848, { state: 'on', enabled: true, upToDate: true, microsoft: false }], // 0x71000 Symantec (digirati82)
    [266240, { state: 'on', enabled: true, upToDate: true, microsoft: false }], // 0x41000 (neophob example)
    [266256, { state: 'on', enabled: true, upToDate: false, microsoft: false }], // 0x41010
    [401664, { state: 'snoozed', enabled: false, upToDate: true, microsoft: true }], // 0x62100
    [274432, { state: 'expired', enabled: false, upToDate: true, microsoft: false }], // 0x43000
    [262144, { state: 'off', enabled: false, upToDate: true, microsoft: false }], // 0x40000
  ])('%i', (n, expected) => {
    expect(decodeProductState(n)).toEqual(expected);
  });
});

describe('parseAntivirusDoc', () => {
  it('Windows 11, Defender in Normal mode: one product, merged with its Security Center entry', () => {
    const { products, error } = parseAntivirusDoc(doc('antivirus.win11-defender-normal.json'));
    expect(error).toBeNull();
    expect(products).toEqual([
      {
        name: DEFENDER_NAME,
        enabled: true,
        realTime: true,
        antispyware: true,
        signaturesUpToDate: true,
        signaturesUpdatedAt: '2024-06-04T07:06:27.000Z',
        source: 'Get-MpComputerStatus+SecurityCenter2',
        raw: {
          AMRunningMode: 'Normal',
          AMServiceEnabled: true,
          AntivirusEnabled: true,
          RealTimeProtectionEnabled: true,
          AntivirusSignatureAge: 1,
          AntivirusSignatureVersion: '1.413.102.0',
          IsTamperProtected: true,
          productState: 397568,
          scannerState: 'on',
          antiSpywareProductState: 397568,
          securityCenterName: 'Windows Defender',
        },
      },
    ]);
    expect(AntivirusFacts.safeParse({ status: 'ok', products }).success).toBe(true);
  });

  it('Windows 10, Symantec + Defender passive: Symantec protects; passive Defender is not protection', () => {
    const { products } = parseAntivirusDoc(doc('antivirus.win10-symantec-defender-passive.json'));
    expect(products.map((p) => p.name)).toEqual([DEFENDER_NAME, 'Symantec Endpoint Protection']);
    expect(products[0]).toMatchObject({
      enabled: false,
      realTime: false,
      antispyware: false,
      raw: { AMRunningMode: 'Passive Mode', RealTimeProtectionEnabled: true },
    });
    expect(products[1]).toEqual({
      name: 'Symantec Endpoint Protection',
      enabled: true,
      realTime: true,
      antispyware: true,
      signaturesUpToDate: true,
      signaturesUpdatedAt: null,
      source: 'SecurityCenter2',
      raw: { productState: 462848, scannerState: 'on', antiSpywareProductState: 462848 },
    });
  });

  it('Defender switched off (service and engine off)', () => {
    const { products } = parseAntivirusDoc(doc('antivirus.defender-off.json'));
    expect(products).toHaveLength(1);
    expect(products[0]).toMatchObject({
      name: DEFENDER_NAME,
      enabled: false,
      realTime: false,
      antispyware: false,
      raw: { productState: 393472, scannerState: 'off' },
    });
  });

  it('Defender with out-of-date definitions keeps its date and says so', () => {
    const [p] = parseAntivirusDoc(doc('antivirus.defender-outdated.json')).products;
    expect(p).toMatchObject({
      enabled: true,
      signaturesUpToDate: false,
      signaturesUpdatedAt: '2024-05-23T06:12:40.000Z',
      raw: { AntivirusSignatureAge: 12, productState: 397584 },
    });
  });

  it('Get-MpComputerStatus throwing 0x800106BA: Security Center only, no error', () => {
    const { products, error } = parseAntivirusDoc(doc('antivirus.sophos-mpstatus-0x800106ba.json'));
    expect(error).toBeNull();
    expect(products.map((p) => [p.name, p.enabled, p.source])).toEqual([
      ['Windows Defender', false, 'SecurityCenter2'],
      ['Sophos Anti-Virus', true, 'SecurityCenter2'],
    ]);
  });

  it('Windows Server (no SecurityCenter2 namespace): Defender only, no error', () => {
    const { products, error } = parseAntivirusDoc(doc('antivirus.server2022-no-securitycenter.json'));
    expect(error).toBeNull();
    expect(products).toEqual([expect.objectContaining({ name: DEFENDER_NAME, enabled: true, source: 'Get-MpComputerStatus' })]);
  });

  it('nothing answers: an error naming both', () => {
    const { products, error } = parseAntivirusDoc(doc('antivirus.nothing-answers.json'));
    expect(products).toEqual([]);
    expect(error).toMatch(
      /^Neither Windows Security Center \(Invalid namespace {2}\(0x8004100E\)\) nor Microsoft Defender \(The term 'Get-MpComputerStatus' is not recognized/,
    );
  });

  it.each([
    ['EDR Block Mode', true],
    ['SxS Passive Mode', false],
    ['Not running', false],
  ])('AMRunningMode %s → enabled %s', (mode, enabled) => {
    const mp = { AMRunningMode: mode, AMServiceEnabled: true, AntivirusEnabled: true, RealTimeProtectionEnabled: true, AntispywareEnabled: true };
    expect(parseAntivirusDoc({ av: [], as: [], mp }).products[0]?.enabled).toBe(enabled);
  });

  it('no AMRunningMode (older Defender): engine and service flags decide; real time off is reported, not hidden', () => {
    const mp = { AMServiceEnabled: true, AntivirusEnabled: true, RealTimeProtectionEnabled: false, AntispywareEnabled: true };
    expect(parseAntivirusDoc({ av: [], as: [], mp }).products[0]).toMatchObject({
      enabled: true,
      realTime: false,
      signaturesUpToDate: null,
      signaturesUpdatedAt: null,
    });
  });

  it('no product registered anywhere is an empty list (a finding), not an error', () => {
    expect(parseAntivirusDoc({ av: [], as: [], scError: null, mp: null, mpError: 'Operation failed with the following error: 0x800106ba' })).toEqual({
      products: [],
      error: null,
    });
  });

  it('a product registered only as anti-spyware; a third party absent from the anti-spyware list is not anti-spyware', () => {
    const { products } = parseAntivirusDoc({
      av: [{ displayName: 'Acme AV', productState: 266256 }],
      as: [{ displayName: 'Acme Spy', productState: 266240 }],
    });
    expect(products).toEqual([
      expect.objectContaining({ name: 'Acme AV', enabled: true, antispyware: false, signaturesUpToDate: false }),
      expect.objectContaining({
        name: 'Acme Spy',
        enabled: true,
        antispyware: true,
        raw: { productState: 266240, scannerState: 'on', registeredAs: 'AntiSpywareProduct' },
      }),
    ]);
  });
});
