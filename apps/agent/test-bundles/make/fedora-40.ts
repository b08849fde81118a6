/**
 * fedora-40: a hub desktop on Fedora Workstation 40. btrfs on LUKS, GNOME, ClamAV (clamd@scan and
 * clamav-freshclam running, daily.cvd built the day before), dnf with security updates waiting,
 * and the keeper's password last changed 150 days ago.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { CLAMAV_UNITS } from '../../src/collectors/antivirus/linux.js';
import { FLATPAK_ARGS, RPM_ARGS } from '../../src/collectors/apps/linux.js';
import { FINDMNT_ARGS, lsblkInverseArgs } from '../../src/collectors/encryption/linux.js';
import { LIST_SESSIONS_ARGS, showSessionArgs } from '../../src/collectors/screen-lock/linux.js';
import { DNF_CHECK_ARGS, DNF_SECURITY_ARGS, RPM_INSTALLTIME_ARGS } from '../../src/collectors/updates/linux.js';
import { commandLine } from '../../src/exec/host.js';
import { desktopFile, gsettings, LOGIN_DEFS, passwd, SHELLS } from './linux-common.js';
import { clamavHeader, shadowDay, type BundleRecipe } from './make-bundle.js';

const capturedAt = new Date('2026-11-20T16:45:00.000Z');
const fixture = (rel: string) => readFileSync(new URL(`../../src/collectors/${rel}`, import.meta.url), 'utf8');
const epoch = (iso: string) => Math.floor(Date.parse(iso) / 1000);

const rpmApps = [
  ['bash', '5.2.26-3.fc40'],
  ['clamav', '1.0.7-1.fc40'],
  ['clamav-update', '1.0.7-1.fc40'],
  ['clamd', '1.0.7-1.fc40'],
  ['cryptsetup', '2.7.5-1.fc40'],
  ['curl', '8.6.0-8.fc40'],
  ['dnf', '4.21.1-1.fc40'],
  ['firefox', '129.0.2-1.fc40'],
  ['gnome-shell', '46.4-1.fc40'],
  ['gpg-pubkey', 'a15b79cc-63d04c2c'],
  ['kernel', '6.10.5-200.fc40'],
  ['kernel-core', '6.10.5-200.fc40'],
  ['libreoffice-writer', '24.2.5.2-1.fc40'],
  ['thunderbird', '128.1.0-1.fc40'],
]
  .map(([n, v]) => `${n}\t${v}\n`)
  .join('');

const installTimes = ['2026-04-23T10:02:11Z', '2026-10-30T07:15:40Z', '2026-11-02T19:20:05Z'].map((t) => `${epoch(t)}\n`).join('');

const daily = Buffer.concat([
  clamavHeader({ built: '19 Nov 2026 04-12 -0500', version: 27463, sigs: 2071913, flevel: 90, epoch: epoch('2026-11-19T09:12:00Z') }),
  gzipSync(Buffer.from('daily.info and signature files would follow here')),
]);

const showSession = ['Type=wayland', 'Class=user', 'Name=jo', 'User=1000', 'Desktop=GNOME', 'State=active', ''].join('\n');

export const fedora40: BundleRecipe = {
  name: 'fedora-40',
  capturedAt,
  hostname: 'fedora-hub-02',
  timeZone: 'Europe/London',
  note: 'Test bundle built by test-bundles/make/fedora-40.ts from real-format output (FIELD-GUIDE §4, collector fixtures); not a real machine.',
  osInfo: {
    platform: 'linux',
    distro: 'Fedora Linux',
    release: '40 (Workstation Edition)',
    codename: '',
    kernel: '6.10.5-200.fc40.x86_64',
    arch: 'x64',
    hostname: 'fedora-hub-02',
    fqdn: 'fedora-hub-02',
    codepage: 'UTF-8',
    logofile: 'fedora',
    serial: '0b9d2f4c7e3a4b1d8c6e5f4a3b2c1d0e',
    build: '',
    servicepack: '',
    uefi: true,
  },
  spec: {
    platform: 'linux',
    programs: [
      '/usr/bin/dnf',
      '/usr/bin/rpm',
      '/usr/bin/clamscan',
      '/usr/sbin/clamd',
      '/usr/bin/freshclam',
      '/usr/bin/clamdscan',
      '/usr/bin/systemctl',
      '/usr/bin/flatpak',
      '/usr/bin/findmnt',
      '/usr/bin/lsblk',
      '/usr/bin/loginctl',
      '/usr/bin/gsettings',
    ],
    commands: {
      [commandLine('dnf', DNF_CHECK_ARGS)]: { stdout: fixture('updates/fixtures/dnf-check-update.fedora40.txt'), exitCode: 100 },
      [commandLine('dnf', DNF_SECURITY_ARGS)]: { stdout: fixture('updates/fixtures/dnf-updateinfo-security.dnf4.txt') },
      [commandLine('rpm', RPM_INSTALLTIME_ARGS)]: { stdout: installTimes },
      [commandLine('rpm', RPM_ARGS)]: { stdout: rpmApps },
      [commandLine('flatpak', FLATPAK_ARGS)]: {
        stdout: 'org.gnome.Extensions\tExtensions\t46.2\norg.libreoffice.LibreOffice\tLibreOffice\t24.8.2.1\n',
      },
      [commandLine('systemctl', ['is-active', ...CLAMAV_UNITS])]: { stdout: 'inactive\nactive\ninactive\nactive\n' },
      [commandLine('findmnt', FINDMNT_ARGS)]: { stdout: fixture('encryption/fixtures/findmnt-root.fedora-btrfs-luks.json') },
      [commandLine('lsblk', lsblkInverseArgs('/dev/mapper/luks-680cb146-2018-49f5-b166-c4ecec3dfe26'))]: {
        stdout: fixture('encryption/fixtures/lsblk-inverse.fedora-btrfs-luks.json'),
      },
      [commandLine('loginctl', LIST_SESSIONS_ARGS)]: { stdout: '      3 1000 jo    seat0 tty2\n' },
      [commandLine('loginctl', showSessionArgs(['3']))]: { stdout: showSession },
      ...gsettings(1000, { lockEnabled: 'true', lockDelay: 'uint32 0', idleDelay: 'uint32 600' }),
    },
    files: {
      '/etc/passwd': passwd(
        ['jo:x:1000:1000:Jo Hub:/home/jo:/bin/bash'],
        [
          'clamscan:x:975:975:Clamav scanner user:/:/sbin/nologin',
          'clamupdate:x:974:974:Clamav database update user:/var/lib/clamav:/sbin/nologin',
          'gdm:x:42:42:GNOME Display Manager:/var/lib/gdm:/usr/sbin/nologin',
        ],
      ),
      '/etc/shadow': [
        'root:!:19841:0:99999:7:::',
        'bin:*:19841:0:99999:7:::',
        'daemon:*:19841:0:99999:7:::',
        'clamscan:!!:19841::::::',
        'clamupdate:!!:19841::::::',
        'gdm:!!:19841::::::',
        `jo:$6$rounds=100000$fakeSaltAbc$NotARealSha512HashJustTheShapeOfOne/abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH:${shadowDay(capturedAt, 150)}:0:99999:7:::`,
        '',
      ].join('\n'),
      '/etc/shells': SHELLS,
      '/etc/login.defs': LOGIN_DEFS,
      '/var/lib/clamav/daily.cvd': daily,
      '/usr/share/applications/org.gnome.Nautilus.desktop': desktopFile('Files', 'nautilus --new-window %U'),
      '/usr/share/applications/firefox.desktop': desktopFile('Firefox', 'firefox %u'),
      '/usr/share/applications/org.mozilla.thunderbird.desktop': desktopFile('Thunderbird', 'thunderbird %u'),
      '/var/lib/flatpak/exports/share/applications/org.libreoffice.LibreOffice.desktop': desktopFile(
        'LibreOffice',
        '/usr/bin/flatpak run org.libreoffice.LibreOffice',
      ),
    },
    dirs: { '/home': ['jo'] },
    paths: ['/run/user/1000/bus'],
  },
};
