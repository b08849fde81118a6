import { readFileSync } from 'node:fs';
import { OsFacts } from '@safefleet/protocol';
import { describe, expect, it } from 'vitest';
import { parsePsJson } from '../../exec/powershell.js';
import { parseOsWin32, windowsProductName } from './win32.parse.js';

const doc = (name: string) => {
  const r = parsePsJson(readFileSync(new URL(`./fixtures/win32/${name}`, import.meta.url), 'utf8'));
  if (!r.ok) throw new Error(`${name} is not JSON`);
  return r.value;
};

describe('parseOsWin32', () => {
  it.each([
    [
      'os.win11-pro-23h2.json',
      {
        distro: 'Windows 11 Pro',
        release: '23H2',
        build: '22631.3880',
        kernel: '10.0.22631',
        arch: 'x64',
        hostname: 'LAPTOP-7Q2K',
        serial: '5CD2141XYZ',
      },
    ],
    [
      'os.win10-home-22h2.json',
      { distro: 'Windows 10 Home', release: '22H2', build: '19045.4529', kernel: '10.0.19045', arch: 'x64', hostname: 'DESKTOP-R2D2QX' },
    ],
    [
      'os.win10-1809-32bit.json',
      { distro: 'Windows 10 Pro', release: '1809', build: '17763.5933', kernel: '10.0.17763', arch: 'ia32', hostname: 'OLD-NETBOOK' },
    ],
    [
      'os.win11-home-24h2-arm64.json',
      {
        distro: 'Windows 11 Home',
        release: '24H2',
        build: '26100.2314',
        kernel: '10.0.26100',
        arch: 'arm64',
        hostname: 'SURFACE-LAPTOP7',
        serial: '0F39A2B1C4D5E6',
      },
    ],
  ])('%s', (name, expected) => {
    const facts = parseOsWin32(doc(name));
    expect(facts).toEqual({ status: 'ok', platform: 'win32', ...expected });
    expect(OsFacts.safeParse(facts).success).toBe(true);
  });

  it.each([
    ['Windows 10 Pro', 22000, 'Windows 11 Pro'],
    ['Windows 10 Pro', 21999, 'Windows 10 Pro'],
    ['Windows 10 Enterprise', 22621, 'Windows 11 Enterprise'],
    ['Windows Server 2025 Standard', 26100, 'Windows Server 2025 Standard'],
    ['Windows 10 Home', null, 'Windows 10 Home'],
  ])('windowsProductName(%s, %s) = %s', (name, build, expected) => {
    expect(windowsProductName(name, build)).toBe(expected);
  });

  it('an empty answer still names the platform', () => {
    expect(parseOsWin32([])).toMatchObject({ status: 'ok', platform: 'win32', distro: 'Windows', build: '' });
  });
});
