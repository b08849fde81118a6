import { readFileSync } from 'node:fs';
import { OsFacts } from '@safefleet/protocol';
import { describe, expect, it } from 'vitest';
import { buildOsFacts, parseIoregSerial, parseSwVers } from './darwin.parse.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/darwin/${name}`, import.meta.url), 'utf8');

describe('parseSwVers', () => {
  it.each([
    ['sw_vers.sonoma-14.4.1-rsr.txt', { productName: 'macOS', productVersion: '14.4.1', productVersionExtra: '(a)', buildVersion: '23E224' }],
    ['sw_vers.sequoia-15.3.txt', { productName: 'macOS', productVersion: '15.3', productVersionExtra: '', buildVersion: '24D60' }],
    ['sw_vers.high-sierra-10.13.6.txt', { productName: 'Mac OS X', productVersion: '10.13.6', productVersionExtra: '', buildVersion: '17G65' }],
  ])('%s', (name, want) => {
    expect(parseSwVers(fixture(name))).toEqual(want);
  });

  it.each([
    ['empty output', ''],
    ['an error message', 'sw_vers: command not found\n'],
    ['a version that is not a number', 'ProductName:\tmacOS\nProductVersion:\tunknown\n'],
  ])('%s → null', (_n, text) => {
    expect(parseSwVers(text)).toBeNull();
  });
});

describe('parseIoregSerial', () => {
  it('reads IOPlatformSerialNumber, not the UUID', () => {
    expect(parseIoregSerial(fixture('ioreg-platform.apple-silicon.txt'))).toBe('C02ABC123DEF');
    expect(parseIoregSerial('"IOPlatformSerialNumber" = ""')).toBeNull();
    expect(parseIoregSerial('')).toBeNull();
  });
});

describe('buildOsFacts', () => {
  it('Sonoma with a Rapid Security Response: the (a) suffix is part of the release', () => {
    const g = buildOsFacts({
      swVers: fixture('sw_vers.sonoma-14.4.1-rsr.txt'),
      arch: 'arm64\n',
      kernel: '23.4.0\n',
      hostname: 'Office-MacBook-Air.local\n',
      ioreg: fixture('ioreg-platform.apple-silicon.txt'),
    });
    expect(g).toEqual({
      status: 'ok',
      platform: 'darwin',
      distro: 'macOS',
      release: '14.4.1 (a)',
      build: '23E224',
      kernel: '23.4.0',
      arch: 'arm64',
      hostname: 'Office-MacBook-Air.local',
      serial: 'C02ABC123DEF',
    });
    expect(OsFacts.safeParse(g).success).toBe(true);
  });

  it('commands that failed leave their fields empty; no serial when ioreg failed', () => {
    const g = buildOsFacts({ swVers: fixture('sw_vers.sequoia-15.3.txt'), arch: null, kernel: null, hostname: null, ioreg: null });
    expect(g).toEqual({ status: 'ok', platform: 'darwin', distro: 'macOS', release: '15.3', build: '24D60', kernel: '', arch: '', hostname: '' });
  });

  it('no version → error group that still names the platform', () => {
    expect(buildOsFacts({ swVers: '', arch: 'x86_64', kernel: null, hostname: null, ioreg: null })).toEqual({
      status: 'error',
      platform: 'darwin',
      error: 'sw_vers did not report a macOS version',
    });
  });
});
