import { readFileSync } from 'node:fs';
import { AntivirusProduct } from '@safefleet/protocol';
import { describe, expect, it } from 'vitest';
import { clamavProduct, parseClamavBuildTime, parseClamavHeader, parseDpkgInstalled, parseIsActive, parseMdatpHealth } from './linux.parse.js';
import { CLAMAV_UNITS } from './linux.js';

const bytes = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const text = (name: string) => bytes(name).toString('utf8');

describe('parseClamavHeader', () => {
  it('reads version, signatures and the trailing epoch', () => {
    const h = parseClamavHeader(bytes('daily.cvd.header-2020.bin'));
    expect(h).toMatchObject({
      buildTime: '16 Apr 2020 07-58 -0400',
      version: 25784,
      signatures: 2267600,
      functionalityLevel: 63,
      builder: 'raynman',
    });
    expect(h?.updatedAt?.toISOString()).toBe('2020-04-16T11:58:59.000Z');
  });

  it('falls back to the build time when there is no epoch field', () => {
    const h = parseClamavHeader(bytes('daily.cld.header-no-epoch.bin'));
    expect(h?.version).toBe(27812);
    expect(h?.builder).toBe('raynman');
    expect(h?.updatedAt?.toISOString()).toBe('2026-11-03T08:21:00.000Z');
  });

  it('returns null for a file without a ClamAV-VDB header, or an empty one', () => {
    expect(parseClamavHeader(bytes('not-a-database.bin'))).toBeNull();
    expect(parseClamavHeader('')).toBeNull();
  });
});

describe('parseClamavBuildTime', () => {
  it.each([
    ['16 Apr 2020 07-58 -0400', '2020-04-16T11:58:00.000Z'],
    ['1 Jan 2026 23-30 +0130', '2026-01-01T22:00:00.000Z'],
    ['16 Foo 2020 07-58 -0400', null],
    ['16/04/2020 07:58', null],
  ])('%s → %s', (s, want) => {
    expect(parseClamavBuildTime(s)?.toISOString() ?? null).toBe(want);
  });
});

describe('parseIsActive', () => {
  it('maps one state per unit, in order', () => {
    expect(parseIsActive(text('systemctl-is-active.freshclam-only.txt'), CLAMAV_UNITS)).toEqual({
      'clamav-daemon': 'inactive',
      'clamav-freshclam': 'active',
      'clamav-clamonacc': 'inactive',
      'clamd@scan': 'inactive',
    });
  });

  it('no systemd (real output of this VM: nothing on stdout) → every state unknown', () => {
    expect(text('systemctl-is-active.no-systemd.stderr.txt')).toMatch(/not been booted with systemd/);
    expect(parseIsActive('', CLAMAV_UNITS)).toEqual({
      'clamav-daemon': null,
      'clamav-freshclam': null,
      'clamav-clamonacc': null,
      'clamd@scan': null,
    });
  });

  it('a short or odd answer is not trusted', () => {
    expect(parseIsActive('active\n', CLAMAV_UNITS)['clamav-daemon']).toBeNull();
    expect(parseIsActive('Failed to connect to bus\nx\ny\nz\n', CLAMAV_UNITS)['clamav-daemon']).toBeNull();
  });
});

describe('parseDpkgInstalled', () => {
  it('keeps only "ii" packages', () => {
    expect([...parseDpkgInstalled(text('dpkg-query-clamav.partial.txt'))]).toEqual(['clamav', 'clamav-freshclam']);
    expect(parseDpkgInstalled(text('dpkg-query-clamav.removed.txt')).size).toBe(0);
    expect(parseDpkgInstalled('').size).toBe(0);
  });
});

describe('clamavProduct', () => {
  const header = parseClamavHeader(bytes('daily.cvd.header-2020.bin'));
  const base = { installedBy: ['clamscan', 'freshclam'], definitionsPath: '/var/lib/clamav/daily.cvd', header, definitionsProblem: null };

  it('freshclam running, no clamonacc: enabled, not real-time, dated definitions', () => {
    const p = clamavProduct({ ...base, clamd: 'inactive', freshclam: 'active', clamonacc: 'inactive' });
    expect(p).toMatchObject({
      name: 'ClamAV',
      enabled: true,
      realTime: false,
      antispyware: true,
      signaturesUpToDate: null,
      signaturesUpdatedAt: '2020-04-16T11:58:59.000Z',
      source: 'clamav:/var/lib/clamav/daily.cvd',
    });
    expect(p.raw).toMatchObject({ dailyVersion: 25784, freshclam: 'active' });
    expect(AntivirusProduct.safeParse(p).success).toBe(true);
  });

  it('everything stopped: enabled false', () => {
    const p = clamavProduct({ ...base, clamd: 'inactive', freshclam: 'failed', clamonacc: 'inactive' });
    expect(p.enabled).toBe(false);
    expect(p.antispyware).toBe(false);
  });

  it('no systemd to ask: enabled and real-time are unknown, not false', () => {
    const p = clamavProduct({ ...base, clamd: null, freshclam: null, clamonacc: null });
    expect(p.enabled).toBeNull();
    expect(p.realTime).toBeNull();
  });

  it('no definitions: no date, the problem kept for audit', () => {
    const p = clamavProduct({
      ...base,
      header: null,
      definitionsPath: null,
      definitionsProblem: 'no daily file',
      clamd: 'active',
      freshclam: 'active',
      clamonacc: 'active',
    });
    expect(p).toMatchObject({ enabled: true, realTime: true, signaturesUpdatedAt: null, source: 'clamav' });
    expect(p.raw?.definitionsProblem).toBe('no daily file');
  });
});

describe('parseMdatpHealth', () => {
  it('active Defender with real-time protection and current definitions', () => {
    const p = parseMdatpHealth(text('mdatp-health.active.json'));
    expect(p).toMatchObject({
      name: 'Microsoft Defender for Endpoint',
      enabled: true,
      realTime: true,
      antispyware: true,
      signaturesUpToDate: true,
      signaturesUpdatedAt: '2026-11-07T14:00:00.000Z',
    });
    expect(AntivirusProduct.safeParse(p).success).toBe(true);
  });

  it('passive mode means not the active antivirus; outdated definitions are flagged', () => {
    const p = parseMdatpHealth(text('mdatp-health.passive-outdated.json'));
    expect(p).toMatchObject({ enabled: false, realTime: false, signaturesUpToDate: false, signaturesUpdatedAt: '2023-08-09T13:19:13.787Z' });
    expect('raw' in p && p.raw?.healthIssues).toBe('definitions are out of date');
  });

  it('non-JSON output becomes a plain error', () => {
    expect(parseMdatpHealth(text('mdatp-health.unlicensed.txt'))).toEqual({
      error: 'mdatp health did not return JSON: ATTENTION: No license found. Contact your administrator for help.',
    });
    expect(parseMdatpHealth('[]')).toEqual({ error: 'mdatp health returned an unexpected document' });
  });
});
