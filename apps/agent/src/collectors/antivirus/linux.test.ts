import { readFileSync } from 'node:fs';
import { AntivirusFacts } from '@safefleet/protocol';
import { describe, expect, it } from 'vitest';
import { commandLine, createFakeHost } from '../../exec/index.js';
import { CLAMAV_UNITS, collectAntivirusLinux, DPKG_CLAMAV_ARGS, MDATP_ARGS } from './linux.js';

const bytes = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const text = (name: string) => bytes(name).toString('utf8');
const now = new Date('2026-11-21T10:00:00Z');
const IS_ACTIVE = commandLine('systemctl', ['is-active', ...CLAMAV_UNITS]);

describe('collectAntivirusLinux (fake machines)', () => {
  it('no antivirus at all is a finding, not an error', async () => {
    const host = createFakeHost({
      commands: { [commandLine('dpkg-query', DPKG_CLAMAV_ARGS)]: { exitCode: 1, stderr: 'dpkg-query: no packages found matching clamav\n' } },
    });
    expect(await collectAntivirusLinux({ host, now })).toEqual({ status: 'ok', products: [] });
  });

  it('Debian ClamAV with freshclam running under systemd', async () => {
    const host = createFakeHost({
      programs: ['clamscan', 'freshclam'],
      commands: { [IS_ACTIVE]: { exitCode: 3, stdout: text('systemctl-is-active.freshclam-only.txt') } },
      files: { '/var/lib/clamav/daily.cvd': bytes('daily.cvd.header-2020.bin') },
    });
    const group = await collectAntivirusLinux({ host, now });
    expect(group.products).toEqual([
      expect.objectContaining({
        name: 'ClamAV',
        enabled: true,
        realTime: false,
        signaturesUpdatedAt: '2020-04-16T11:58:59.000Z',
        source: 'clamav:/var/lib/clamav/daily.cvd',
      }),
    ]);
    expect(AntivirusFacts.safeParse(group).success).toBe(true);
  });

  it('Fedora clamd@scan counts as the scanner daemon', async () => {
    const host = createFakeHost({
      programs: ['clamd'],
      commands: { [IS_ACTIVE]: { exitCode: 3, stdout: text('systemctl-is-active.fedora-clamd-scan.txt') } },
      files: { '/var/lib/clamav/daily.cld': bytes('daily.cld.header-no-epoch.bin') },
    });
    const [p] = (await collectAntivirusLinux({ host, now })).products ?? [];
    expect(p).toMatchObject({ enabled: true, realTime: false, signaturesUpdatedAt: '2026-11-03T08:21:00.000Z' });
    expect(p?.raw).toMatchObject({ clamd: 'active', freshclam: 'inactive' });
  });

  it('no systemd: a live freshclam from its pid file still counts; what cannot be seen stays unknown', async () => {
    const host = createFakeHost({
      programs: ['clamscan', 'freshclam'],
      commands: { [IS_ACTIVE]: { exitCode: 1, stderr: text('systemctl-is-active.no-systemd.stderr.txt') } },
      files: {
        '/run/clamav/freshclam.pid': '4242\n',
        '/proc/4242/comm': 'freshclam\n',
        '/run/clamav/clamd.pid': '4343\n',
        '/proc/4343/comm': 'bash\n', // a stale pid reused by something else
        '/var/lib/clamav/daily.cvd': bytes('daily.cvd.header-2020.bin'),
      },
    });
    const [p] = (await collectAntivirusLinux({ host, now })).products ?? [];
    expect(p).toMatchObject({ enabled: true, realTime: null });
    expect(p?.raw).toMatchObject({ freshclam: 'active', clamd: null });
  });

  it('installed (per dpkg) but definitions unreadable: no date, and the reason is kept', async () => {
    const host = createFakeHost({
      programs: ['systemctl'],
      commands: {
        [commandLine('dpkg-query', DPKG_CLAMAV_ARGS)]: { exitCode: 1, stdout: text('dpkg-query-clamav.partial.txt') },
        [IS_ACTIVE]: { exitCode: 3, stdout: 'inactive\ninactive\ninactive\ninactive\n' },
      },
      paths: ['/var/lib/clamav/daily.cld'],
      files: { '/var/lib/clamav/daily.cvd': bytes('not-a-database.bin') },
    });
    const [p] = (await collectAntivirusLinux({ host, now })).products ?? [];
    expect(p).toMatchObject({ enabled: false, signaturesUpdatedAt: null, source: 'clamav' });
    expect(p?.raw?.installedBy).toBe('dpkg:clamav,dpkg:clamav-freshclam');
    expect(p?.raw?.definitionsProblem).toBe(
      'ClamAV definitions file could not be read: /var/lib/clamav/daily.cld is not readable; ' +
        'ClamAV definitions file could not be read: /var/lib/clamav/daily.cvd has no ClamAV-VDB header',
    );
  });

  it('Microsoft Defender next to ClamAV-free systems; a Defender that does not answer is unknown, not off', async () => {
    const ok = createFakeHost({ commands: { [commandLine('mdatp', MDATP_ARGS)]: { stdout: text('mdatp-health.active.json') } } });
    expect((await collectAntivirusLinux({ host: ok, now })).products).toEqual([
      expect.objectContaining({ name: 'Microsoft Defender for Endpoint', enabled: true, realTime: true }),
    ]);

    const broken = createFakeHost({ commands: { [commandLine('mdatp', MDATP_ARGS)]: { exitCode: 1, stdout: text('mdatp-health.unlicensed.txt') } } });
    const [p] = (await collectAntivirusLinux({ host: broken, now })).products ?? [];
    expect(p).toMatchObject({ enabled: null, realTime: null, signaturesUpdatedAt: null });
    expect(p?.raw?.error).toBe('mdatp health exited with code 1: ATTENTION: No license found. Contact your administrator for help.');
  });
});
