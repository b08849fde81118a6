import { readFileSync } from 'node:fs';
import { AppsFacts, LIMITS } from '@safefleet/protocol';
import { describe, expect, it } from 'vitest';
import { commandLine, createFakeHost } from '../../exec/index.js';
import { collectAppsLinux, DPKG_ARGS, FLATPAK_ARGS, RPM_ARGS, SNAP_ARGS, SYSTEM_FLATPAK_DIR } from './linux.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const now = new Date('2026-11-21T10:00:00Z');
const passwd = 'root:x:0:0::/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\n';

describe('collectAppsLinux (fake machines)', () => {
  it('gathers every source, per-user installs included; a broken snapd does not spoil the rest', async () => {
    const host = createFakeHost({
      commands: {
        [commandLine('dpkg-query', DPKG_ARGS)]: { stdout: fixture('dpkg-query.odd.txt') },
        [commandLine('snap', SNAP_ARGS)]: { exitCode: 1, stderr: fixture('snap-list.no-snapd.stderr.txt') },
        [commandLine('flatpak', FLATPAK_ARGS)]: { stdout: fixture('flatpak-list.txt') },
      },
      files: {
        '/etc/passwd': passwd,
        '/usr/share/applications/vim.desktop': fixture('vim.desktop'),
        '/usr/share/applications/python3.11.desktop': fixture('python3.11.desktop'),
        '/home/alice/.local/share/applications/whatsapp-web.desktop': fixture('whatsapp-user.desktop'),
      },
      dirs: { '/home/alice/.local/share/flatpak/app': ['org.telegram.desktop'] },
    });
    const r = await collectAppsLinux({ host, now });
    expect(r.status).toBe('ok');
    expect(r.apps?.map((a) => `${a.source}:${a.id}${a.user ? `@${a.user}` : ''}`)).toEqual([
      'dpkg:libc6',
      'dpkg:zoom',
      'flatpak:org.mozilla.firefox',
      'flatpak:com.discordapp.Discord',
      'flatpak:org.signal.Signal',
      'flatpak:com.example.NoVersion',
      'flatpak:org.telegram.desktop@alice',
      'desktop:vim',
      'desktop:whatsapp-web@alice',
    ]);
    expect(AppsFacts.safeParse(r).success).toBe(true);
  });

  it("Fedora: rpm, snap and flatpak; every person's own installs, directory (LDAP) users found by their home folder", async () => {
    const host = createFakeHost({
      commands: {
        [commandLine('rpm', RPM_ARGS)]: { stdout: fixture('rpm-qa.fedora40.txt') },
        [commandLine('snap', SNAP_ARGS)]: { stdout: fixture('snap-list.ubuntu.txt') },
        [commandLine('flatpak', FLATPAK_ARGS)]: { stdout: fixture('flatpak-list.txt') },
      },
      files: {
        '/etc/passwd': `${passwd}bob:x:1001:1001::/home/bob:/bin/bash\nsvc:x:999:999::/home/svc:/usr/sbin/nologin\n`,
        '/home/jdoe/.local/share/applications/signal-web.desktop': '[Desktop Entry]\nType=Application\nName=Signal Web\n',
      },
      dirs: {
        '/home/alice/.local/share/flatpak/app': ['org.telegram.desktop'],
        '/home/bob/.local/share/flatpak/app': ['com.discordapp.Discord'],
        '/home/svc/.local/share/flatpak/app': ['com.example.NotAPerson'],
        '/home/jdoe/.local/share/flatpak/app': ['org.signal.Signal'],
        '/home': ['alice', 'bob', 'jdoe', 'lost+found', 'svc'],
      },
    });
    const r = await collectAppsLinux({ host, now });
    const ids = r.apps?.map((a) => `${a.source}:${a.id}${a.user ? `@${a.user}` : ''}`) ?? [];
    expect(ids.filter((i) => i.startsWith('rpm:'))).toEqual(['rpm:bash', 'rpm:firefox', 'rpm:kernel']);
    expect(ids.filter((i) => i.startsWith('snap:'))).toContain('snap:discord');
    expect(ids.filter((i) => i.includes('@'))).toEqual([
      'flatpak:org.telegram.desktop@alice',
      'flatpak:com.discordapp.Discord@bob',
      'flatpak:org.signal.Signal@jdoe',
      'desktop:signal-web@jdoe',
    ]);
    expect(AppsFacts.safeParse(r).success).toBe(true);
  });

  it('a flatpak command that fails falls back to the system flatpak folder', async () => {
    const host = createFakeHost({
      commands: {
        [commandLine('dpkg-query', DPKG_ARGS)]: { stdout: fixture('dpkg-query.odd.txt') },
        [commandLine('flatpak', FLATPAK_ARGS)]: { exitCode: 1, stderr: 'error: No such file or directory\n' },
      },
      dirs: { [SYSTEM_FLATPAK_DIR]: ['com.discordapp.Discord', 'org.mozilla.firefox'] },
    });
    const r = await collectAppsLinux({ host, now });
    expect(r.apps?.filter((a) => a.source === 'flatpak')).toEqual([
      { id: 'com.discordapp.Discord', name: 'com.discordapp.Discord', source: 'flatpak' },
      { id: 'org.mozilla.firefox', name: 'org.mozilla.firefox', source: 'flatpak' },
    ]);
  });

  it('if every source present fails, the group is an error naming them', async () => {
    const host = createFakeHost({
      commands: { [commandLine('dpkg-query', DPKG_ARGS)]: { exitCode: 2, stderr: 'dpkg-query: error: cannot access archive\n' } },
    });
    expect(await collectAppsLinux({ host, now })).toEqual({
      status: 'error',
      error: 'No list of installed apps could be read: dpkg-query -W exited with code 2: dpkg-query: error: cannot access archive',
    });
  });

  it('cuts the list at LIMITS.maxApps and says so', async () => {
    const many = Array.from({ length: LIMITS.maxApps + 5 }, (_, i) => `pkg${i}\t1.0\tii `).join('\n');
    const host = createFakeHost({ commands: { [commandLine('dpkg-query', DPKG_ARGS)]: { stdout: many } } });
    const r = await collectAppsLinux({ host, now });
    expect(r.apps).toHaveLength(LIMITS.maxApps);
    expect(r.truncated).toBe(true);
  });
});
