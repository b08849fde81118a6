import { readFileSync } from 'node:fs';
import { App } from '@safefleet/protocol';
import { describe, expect, it } from 'vitest';
import { desktopApp, flatpakAppsFromDir, parseDesktopEntry, parseDpkgQuery, parseFlatpakList, parseRpmQa, parseSnapList } from './linux.parse.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('parseDpkgQuery', () => {
  it('this Debian 12 VM: 710 installed packages', () => {
    const apps = parseDpkgQuery(fixture('dpkg-query.debian12-vm.txt'));
    expect(apps).toHaveLength(710);
    expect(apps[0]).toEqual({ id: 'adduser', name: 'adduser', version: '3.134', source: 'dpkg' });
    expect(apps.find((a) => a.id === 'nodejs')?.version).toBe('20.20.2-1nodesource1+repack1');
    expect(apps.every((a) => App.safeParse(a).success)).toBe(true);
  });

  it('keeps only "ii", lists multi-arch packages once', () => {
    expect(parseDpkgQuery(fixture('dpkg-query.odd.txt')).map((a) => a.id)).toEqual(['libc6', 'zoom']);
    expect(parseDpkgQuery('')).toEqual([]);
  });
});

describe('parseRpmQa', () => {
  it('skips gpg-pubkey and lists a package installed twice (kernels) once', () => {
    expect(parseRpmQa(fixture('rpm-qa.fedora40.txt'))).toEqual([
      { id: 'bash', name: 'bash', version: '5.2.26-3.fc40', source: 'rpm' },
      { id: 'firefox', name: 'firefox', version: '129.0.2-1.fc40', source: 'rpm' },
      { id: 'kernel', name: 'kernel', version: '6.10.6-200.fc40', source: 'rpm' },
    ]);
  });
});

describe('parseSnapList', () => {
  it('skips the header; names and versions from the columns', () => {
    const apps = parseSnapList(fixture('snap-list.ubuntu.txt'));
    expect(apps.map((a) => a.id)).toEqual(['bare', 'core22', 'discord', 'firefox', 'snapd']);
    expect(apps[2]).toEqual({ id: 'discord', name: 'discord', version: '0.0.64', source: 'snap' });
  });
  it('no snaps: stdout is empty (the message is on stderr)', () => {
    expect(parseSnapList('')).toEqual([]);
  });
});

describe('flatpak', () => {
  it('list columns application, name, version; empty name falls back to the id', () => {
    const apps = parseFlatpakList(fixture('flatpak-list.txt'));
    expect(apps[1]).toEqual({ id: 'com.discordapp.Discord', name: 'Discord', version: '0.0.64', source: 'flatpak' });
    expect(apps[3]).toEqual({ id: 'com.example.NoVersion', name: 'com.example.NoVersion', source: 'flatpak' });
    expect(parseFlatpakList('Application ID\tName\tVersion\n')).toEqual([]);
  });
  it('per-user installs from directory names', () => {
    expect(flatpakAppsFromDir(['org.telegram.desktop', '.removed', 'junk'], 'alice')).toEqual([
      { id: 'org.telegram.desktop', name: 'org.telegram.desktop', source: 'flatpak', user: 'alice' },
    ]);
  });
  it('system installs from /var/lib/flatpak/app carry no user', () => {
    expect(flatpakAppsFromDir(['org.signal.Signal'])).toEqual([{ id: 'org.signal.Signal', name: 'org.signal.Signal', source: 'flatpak' }]);
  });
});

describe('.desktop files', () => {
  it('this VM: vim is a visible launcher, python3.11 is NoDisplay', () => {
    expect(desktopApp('vim.desktop', fixture('vim.desktop'))).toEqual({ id: 'vim', name: 'Vim', source: 'desktop' });
    expect(desktopApp('python3.11.desktop', fixture('python3.11.desktop'))).toBeNull();
  });

  it('untranslated Name= from [Desktop Entry] only; actions do not hide the app', () => {
    expect(parseDesktopEntry(fixture('whatsapp-user.desktop'))).toEqual({ name: 'WhatsApp Web', type: 'Application', hidden: false });
    expect(desktopApp('whatsapp-web.desktop', fixture('whatsapp-user.desktop'), 'alice')).toEqual({
      id: 'whatsapp-web',
      name: 'WhatsApp Web',
      source: 'desktop',
      user: 'alice',
    });
  });

  it('Hidden=true and Type=Link are skipped; a file with no Name uses its id', () => {
    expect(desktopApp('helper.desktop', fixture('nodisplay-hidden.desktop'))).toBeNull();
    expect(desktopApp('site.desktop', fixture('link.desktop'))).toBeNull();
    expect(desktopApp('bare.desktop', '[Desktop Entry]\nExec=x\n')).toEqual({ id: 'bare', name: 'bare', source: 'desktop' });
  });
});
