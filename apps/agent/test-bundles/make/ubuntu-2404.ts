/**
 * ubuntu-2404: a charity laptop on Ubuntu 24.04 LTS. GNOME, LVM on LUKS, no antivirus, the keeper
 * installed Discord from the Snap Store, and security updates are waiting (apt): the last upgrade
 * was on 28 October (history.log.1.gz, rotated: the current history.log holds an install only).
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { APT_ARGS } from '../../src/collectors/updates/linux.js';
import { DPKG_ARGS, SNAP_ARGS } from '../../src/collectors/apps/linux.js';
import { DPKG_CLAMAV_ARGS } from '../../src/collectors/antivirus/linux.js';
import { FINDMNT_ARGS, lsblkInverseArgs } from '../../src/collectors/encryption/linux.js';
import { LIST_SESSIONS_ARGS, showSessionArgs } from '../../src/collectors/screen-lock/linux.js';
import { commandLine } from '../../src/exec/host.js';
import { desktopFile, gsettings, LOGIN_DEFS, passwd, SHELLS } from './linux-common.js';
import { shadowDay, type BundleRecipe } from './make-bundle.js';

const capturedAt = new Date('2026-11-20T09:30:00.000Z');
const fixture = (rel: string) => readFileSync(new URL(`../../src/collectors/${rel}`, import.meta.url), 'utf8');

const dpkg =
  [
    ['adduser', '3.137ubuntu1'],
    ['apt', '2.7.14build2'],
    ['bash', '5.2.21-2ubuntu4'],
    ['coreutils', '9.4-3ubuntu6'],
    ['cryptsetup', '2:2.7.0-1ubuntu4.1'],
    ['firefox', '1:1snap1-0ubuntu5'],
    ['gdm3', '46.2-1ubuntu1~24.04.1'],
    ['gnome-shell', '46.0-0ubuntu6~24.04.4'],
    ['libc-bin', '2.39-0ubuntu8.2'],
    ['libc6', '2.39-0ubuntu8.2'],
    ['libreoffice-writer', '4:24.2.6-0ubuntu0.24.04.1'],
    ['libssl3t64', '3.0.13-0ubuntu3.1'],
    ['linux-firmware', '20240318.git3b128b60-0ubuntu2.3'],
    ['lvm2', '2.03.16-3ubuntu3.1'],
    ['nautilus', '1:46.2-0ubuntu0.2'],
    ['openssl', '3.0.13-0ubuntu3.1'],
    ['snapd', '2.63.1+24.04'],
    ['systemd', '255.4-1ubuntu8.4'],
    ['thunderbird', '2:1snap1-0ubuntu3'],
    ['ubuntu-desktop-minimal', '1.539.1'],
    ['unattended-upgrades', '2.9.1+nmu4ubuntu1'],
    ['vlc', '3.0.20-3build6'],
    ['yelp', '42.2-1build2'],
  ]
    .map(([p, v]) => `${p}\t${v}\tii \n`)
    .join('') + 'popularity-contest\t1.76ubuntu1\trc \n';

const aptList = [
  'Listing...',
  'gnome-shell/noble-updates 46.0-0ubuntu6~24.04.5 amd64 [upgradable from: 46.0-0ubuntu6~24.04.4]',
  'libc-bin/noble-updates,noble-security 2.39-0ubuntu8.3 amd64 [upgradable from: 2.39-0ubuntu8.2]',
  'libc6/noble-updates,noble-security 2.39-0ubuntu8.3 amd64 [upgradable from: 2.39-0ubuntu8.2]',
  'libssl3t64/noble-updates,noble-security 3.0.13-0ubuntu3.4 amd64 [upgradable from: 3.0.13-0ubuntu3.1]',
  'linux-firmware/noble-updates 20240318.git3b128b60-0ubuntu2.5 amd64 [upgradable from: 20240318.git3b128b60-0ubuntu2.3]',
  'openssl/noble-updates,noble-security 3.0.13-0ubuntu3.4 amd64 [upgradable from: 3.0.13-0ubuntu3.1]',
  '',
].join('\n');

const historyNow = [
  '',
  'Start-Date: 2026-11-03  14:22:10',
  'Commandline: apt install vlc',
  'Requested-By: sam (1000)',
  'Install: vlc-bin:amd64 (3.0.20-3build6, automatic), vlc:amd64 (3.0.20-3build6)',
  'End-Date: 2026-11-03  14:22:31',
  '',
].join('\n');

const historyOctober = [
  '',
  'Start-Date: 2026-10-12  08:41:02',
  'Commandline: /usr/bin/unattended-upgrade',
  'Upgrade: tzdata:amd64 (2024a-3ubuntu1.1, 2024b-0ubuntu0.24.04)',
  'End-Date: 2026-10-12  08:41:05',
  '',
  'Start-Date: 2026-10-28  18:05:44',
  'Commandline: apt upgrade',
  'Requested-By: sam (1000)',
  'Upgrade: curl:amd64 (8.5.0-2ubuntu10.4, 8.5.0-2ubuntu10.5), libcurl4t64:amd64 (8.5.0-2ubuntu10.4, 8.5.0-2ubuntu10.5)',
  'End-Date: 2026-10-28  18:06:12',
  '',
].join('\n');

const showSession = [
  'Type=wayland',
  'Class=user',
  'Name=sam',
  'User=1000',
  'Desktop=ubuntu',
  'State=active',
  '',
  'Type=wayland',
  'Class=greeter',
  'Name=gdm',
  'User=120',
  'Desktop=gdm-wayland-session',
  'State=online',
  '',
].join('\n');

const snapDesktop = '/var/lib/snapd/desktop/applications';

export const ubuntu2404: BundleRecipe = {
  name: 'ubuntu-2404',
  capturedAt,
  hostname: 'kc-laptop-07',
  timeZone: 'Europe/London',
  note: 'Test bundle built by test-bundles/make/ubuntu-2404.ts from real-format output (FIELD-GUIDE §4, collector fixtures); not a real machine.',
  osInfo: {
    platform: 'linux',
    distro: 'Ubuntu',
    release: '24.04.1 LTS',
    codename: 'noble',
    kernel: '6.8.0-49-generic',
    arch: 'x64',
    hostname: 'kc-laptop-07',
    fqdn: 'kc-laptop-07',
    codepage: 'UTF-8',
    logofile: 'ubuntu',
    serial: '6c3f0a1e9b2d4e7f8a1b2c3d4e5f6a7b',
    build: '',
    servicepack: '',
    uefi: true,
  },
  spec: {
    platform: 'linux',
    programs: [
      '/usr/bin/apt',
      '/usr/bin/dpkg-query',
      '/usr/bin/snap',
      '/usr/bin/findmnt',
      '/usr/bin/lsblk',
      '/usr/bin/loginctl',
      '/usr/bin/gsettings',
      '/usr/bin/systemctl',
    ],
    commands: {
      [commandLine('apt', APT_ARGS)]: {
        stdout: aptList,
        stderr: '\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\n',
      },
      [commandLine('dpkg-query', DPKG_ARGS)]: { stdout: dpkg },
      [commandLine('dpkg-query', DPKG_CLAMAV_ARGS)]: {
        stdout: '',
        stderr:
          'dpkg-query: no packages found matching clamav\ndpkg-query: no packages found matching clamav-daemon\ndpkg-query: no packages found matching clamav-freshclam\n',
        exitCode: 1,
      },
      [commandLine('snap', SNAP_ARGS)]: {
        stdout: [
          'Name                       Version           Rev    Tracking         Publisher      Notes',
          'bare                       1.0               5      latest/stable    canonical**    base',
          'core22                     20241001          1663   latest/stable    canonical**    base',
          'discord                    0.0.73            217    latest/stable    snapcrafters*  -',
          'firefox                    132.0.2-1         5273   latest/stable/…  mozilla**      -',
          'firmware-updater           0+git.5007558     147    1/stable/…       canonical**    -',
          'gnome-42-2204              0+git.510a601     176    latest/stable/…  canonical**    -',
          'snap-store                 0+git.7ce0bc5d    1216   2/stable/…       canonical**    -',
          'snapd                      2.66.1            23258  latest/stable    canonical**    snapd',
          'thunderbird                128.4.3esr-1      609    latest/stable/…  canonical**    -',
          '',
        ].join('\n'),
      },
      [commandLine('findmnt', FINDMNT_ARGS)]: {
        stdout: '{\n   "filesystems": [\n      {\n         "source": "/dev/mapper/vgubuntu-root",\n         "fstype": "ext4"\n      }\n   ]\n}\n',
      },
      [commandLine('lsblk', lsblkInverseArgs('/dev/mapper/vgubuntu-root'))]: {
        stdout: fixture('encryption/fixtures/lsblk-inverse.ubuntu-lvm-on-luks.json'),
      },
      [commandLine('loginctl', LIST_SESSIONS_ARGS)]: { stdout: '      2 1000 sam   seat0 tty2\n     c1  120 gdm   seat0 tty1\n' },
      [commandLine('loginctl', showSessionArgs(['2', 'c1']))]: { stdout: showSession },
      ...gsettings(1000, { lockEnabled: 'true', lockDelay: 'uint32 0', idleDelay: 'uint32 300' }),
    },
    files: {
      '/etc/debian_version': 'trixie/sid\n',
      '/etc/passwd': passwd(
        ['sam:x:1000:1000:Sam Keeper,,,:/home/sam:/bin/bash'],
        [
          'systemd-network:x:998:998:systemd Network Management:/:/usr/sbin/nologin',
          'messagebus:x:100:102::/nonexistent:/usr/sbin/nologin',
          'gdm:x:120:125:Gnome Display Manager:/var/lib/gdm3:/bin/false',
        ],
      ),
      '/etc/shadow': [
        'root:*:19871:0:99999:7:::',
        'daemon:*:19871:0:99999:7:::',
        'bin:*:19871:0:99999:7:::',
        'sys:*:19871:0:99999:7:::',
        'sync:*:19871:0:99999:7:::',
        'systemd-network:!*:19871::::::',
        'messagebus:!:19871::::::',
        'gdm:!:19871::::::',
        'nobody:*:19871:0:99999:7:::',
        `sam:$y$j9T$kQv8c1Zt0hVJtq3mOeQeZ/$0s1XaFakeHashNotRealButShapedLikeYescrypt8bX2:${shadowDay(capturedAt, 32)}:0:99999:7:::`,
        '',
      ].join('\n'),
      '/etc/shells': SHELLS,
      '/etc/login.defs': LOGIN_DEFS,
      '/var/log/apt/history.log': historyNow,
      '/var/log/apt/history.log.1.gz': gzipSync(Buffer.from(historyOctober)),
      '/usr/share/applications/org.gnome.Nautilus.desktop': desktopFile('Files', 'nautilus --new-window %U'),
      '/usr/share/applications/libreoffice-writer.desktop': desktopFile('LibreOffice Writer', 'libreoffice --writer %U'),
      '/usr/share/applications/vlc.desktop': desktopFile('VLC media player', '/usr/bin/vlc --started-from-file %U'),
      '/usr/share/applications/yelp.desktop': desktopFile('Help', 'yelp %u'),
      [`${snapDesktop}/discord_discord.desktop`]: desktopFile(
        'Discord',
        'env BAMF_DESKTOP_FILE_HINT=/var/lib/snapd/desktop/applications/discord_discord.desktop /snap/bin/discord',
      ),
      [`${snapDesktop}/firefox_firefox.desktop`]: desktopFile('Firefox Web Browser', '/snap/bin/firefox %u'),
      [`${snapDesktop}/thunderbird_thunderbird.desktop`]: desktopFile('Thunderbird Mail', '/snap/bin/thunderbird %u'),
    },
    dirs: {
      '/home': ['sam'],
      '/var/lib/apt/lists': [
        'auxfiles',
        'lock',
        'partial',
        'archive.ubuntu.com_ubuntu_dists_noble-updates_main_binary-amd64_Packages',
        'archive.ubuntu.com_ubuntu_dists_noble_main_binary-amd64_Packages',
        'security.ubuntu.com_ubuntu_dists_noble-security_main_binary-amd64_Packages',
      ],
    },
    paths: ['/run/user/1000/bus'],
  },
};
