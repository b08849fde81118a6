import { readFileSync } from 'node:fs';
import { OsFacts } from '@safefleet/protocol';
import { describe, expect, it } from 'vitest';
import { parseDebianVersion, parseOsInfo, type OsInfoLike } from './linux.parse.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const osInfo = (name: string) => JSON.parse(fixture(name)) as OsInfoLike;

describe('parseOsInfo', () => {
  it('Debian 12 (this machine): point release from /etc/debian_version becomes the build', () => {
    const facts = parseOsInfo(osInfo('osinfo-debian12-vm.json'), fixture('debian_version-12.txt'));
    expect(facts).toEqual({
      status: 'ok',
      platform: 'linux',
      distro: 'Debian GNU/Linux',
      release: '12',
      build: '12.11',
      kernel: '6.18.44-fc-v669',
      arch: 'x64',
      hostname: 'vm',
      serial: '3d1219c7c4c5404aaa1f6d2a48adfda4',
    });
    expect(OsFacts.safeParse(facts).success).toBe(true);
  });

  it('Ubuntu: the "bookworm/sid" debian_version is ignored, the codename is the build, empty serial left out', () => {
    const facts = parseOsInfo(osInfo('osinfo-ubuntu2204.json'), fixture('debian_version-ubuntu.txt'));
    expect(facts.build).toBe('jammy');
    expect(facts.release).toBe('22.04.4 LTS');
    expect(facts.serial).toBeUndefined();
  });

  it('no codename and no debian_version: build stays empty rather than invented', () => {
    const info = { ...osInfo('osinfo-ubuntu2204.json'), distro: 'Fedora Linux', release: '40', codename: '' };
    expect(parseOsInfo(info, null).build).toBe('');
  });
});

describe('parseDebianVersion', () => {
  it.each([
    ['Debian GNU/Linux', '12.11\n', '12.11'],
    ['Debian GNU/Linux', 'trixie/sid\n', null],
    ['Ubuntu', '12.11', null],
    ['Debian GNU/Linux', null, null],
  ])('%s %j → %j', (distro, text, want) => {
    expect(parseDebianVersion(distro, text)).toBe(want);
  });
});
