import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  dedupePending,
  lastAptUpgradeAt,
  parseAptHistory,
  parseAptUpgradable,
  parseDnfCheckUpdate,
  parseDnfSecurityNames,
  parseLocalDateTime,
  parseRpmLastInstall,
} from './linux.parse.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const local = (y: number, mo: number, d: number, h: number, mi: number, s: number) => new Date(y, mo - 1, d, h, mi, s);

describe('parseAptUpgradable', () => {
  it('this Debian 12 VM: 106 pending, none from a -security suite', () => {
    const all = parseAptUpgradable(fixture('apt-list-upgradable.debian12-vm.txt'));
    expect(all).toHaveLength(106);
    expect(all[0]).toEqual({
      name: 'appstream',
      version: '0.16.1-2+b1',
      arch: 'amd64',
      suites: ['oldstable'],
      fromVersion: '0.16.1-2',
      security: false,
    });
    expect(all.some((p) => p.security)).toBe(false);
  });

  it('this VM after apt-get update with bookworm-security: 121 pending, 74 from oldstable-security', () => {
    const all = parseAptUpgradable(fixture('apt-list-upgradable.debian12-security.txt'));
    expect(all).toHaveLength(121);
    expect(all.filter((p) => p.security)).toHaveLength(74);
    expect(all.find((p) => p.name === 'openssl')).toEqual({
      name: 'openssl',
      version: '3.0.22-1~deb12u2',
      arch: 'amd64',
      suites: ['oldstable-security'],
      fromVersion: '3.0.19-1~deb12u2',
      security: true,
    });
    expect(all.find((p) => p.name === 'krb5-locales')?.suites).toEqual(['oldstable', 'oldstable-security']);
    expect(all.find((p) => p.name === 'bash')?.security).toBe(false);
  });

  it('security = any suite containing -security; multi-arch duplicates collapse', () => {
    const all = parseAptUpgradable(fixture('apt-list-upgradable.ubuntu-security.txt'));
    expect(all.map((p) => [p.name, p.security])).toEqual([
      ['openssl', true],
      ['libssl3', true],
      ['libc6', false],
      ['libc6', false],
      ['firefox', true],
    ]);
    expect(all[4]?.version).toBe('1:1snap1-0ubuntu2');
    expect(dedupePending(all)).toHaveLength(4);
  });

  it('nothing pending, and the stderr warning is not data', () => {
    expect(parseAptUpgradable(fixture('apt-list-upgradable.none.txt'))).toEqual([]);
    expect(parseAptUpgradable(fixture('apt-list-upgradable.stderr.txt'))).toEqual([]);
  });
});

describe('apt history', () => {
  it('this VM: the last upgrade is the 2026-09-22 block, not the later install-only one', () => {
    const entries = parseAptHistory(fixture('apt-history.debian12-vm.log'));
    expect(entries).toHaveLength(11);
    expect(entries.at(-1)?.install).toBe(true);
    expect(entries.at(-1)?.upgrade).toBe(false);
    expect(lastAptUpgradeAt(entries)).toEqual(local(2026, 9, 22, 4, 45, 29));
  });

  it('skips blocks that failed and blocks that only install or remove', () => {
    const entries = parseAptHistory(fixture('apt-history.mixed.log'));
    expect(entries.map((e) => [e.upgrade, e.install, e.error])).toEqual([
      [true, false, false],
      [true, false, true],
      [false, true, false],
      [false, false, false],
    ]);
    expect(entries[0]?.commandline).toBe('/usr/bin/unattended-upgrade');
    expect(lastAptUpgradeAt(entries)).toEqual(local(2024, 9, 13, 8, 1, 19));
  });

  it('no upgrade at all → null', () => {
    expect(lastAptUpgradeAt(parseAptHistory(fixture('apt-history.install-only.log')))).toBeNull();
    expect(lastAptUpgradeAt(parseAptHistory(''))).toBeNull();
  });

  it.each([
    ['2024-09-13  08:01:19', local(2024, 9, 13, 8, 1, 19)],
    ['2024-09-13 08:01:19', local(2024, 9, 13, 8, 1, 19)],
    ['13/09/2024 08:01', null],
  ])('parseLocalDateTime(%j)', (s, want) => {
    expect(parseLocalDateTime(s)).toEqual(want);
  });
});

describe('dnf', () => {
  it('check-update: wrapped names are joined, the Obsoleting section is ignored', () => {
    const ups = parseDnfCheckUpdate(fixture('dnf-check-update.fedora40.txt'));
    expect(ups.map((u) => u.name)).toEqual([
      'kernel',
      'kernel-core',
      'firefox',
      'python3-a-rather-long-package-name-that-wraps',
      'curl',
      'grub2-tools',
    ]);
    expect(ups[3]).toEqual({ name: 'python3-a-rather-long-package-name-that-wraps', arch: 'noarch', version: '1.2.3-4.fc40', repo: 'updates' });
    expect(ups[5]?.version).toBe('1:2.06-123.fc40');
    expect(parseDnfCheckUpdate('')).toEqual([]);
    expect(parseDnfCheckUpdate(fixture('dnf-check-update.no-cache.stderr.txt'))).toEqual([]);
  });

  it('updateinfo --security: package names from dnf4 and dnf5 layouts', () => {
    expect([...parseDnfSecurityNames(fixture('dnf-updateinfo-security.dnf4.txt'))]).toEqual(['curl', 'kernel', 'kernel-core']);
    expect([...parseDnfSecurityNames(fixture('dnf-updateinfo-security.dnf5.txt'))]).toEqual(['curl']);
  });

  it('rpm install times: the latest wins', () => {
    expect(parseRpmLastInstall(fixture('rpm-qa-installtime.txt'))?.toISOString()).toBe('2024-09-20T11:00:00.000Z');
    expect(parseRpmLastInstall('')).toBeNull();
  });
});
