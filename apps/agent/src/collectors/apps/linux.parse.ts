import type { App } from '@safefleet/protocol';
import { clip } from '../types.js';

type AppInput = App;

const app = (a: { id: string; name?: string; version?: string; source: AppInput['source']; user?: string }): AppInput => {
  const out: AppInput = { id: clip(a.id), name: clip(a.name || a.id), source: a.source };
  if (a.version) out.version = clip(a.version);
  if (a.user) out.user = clip(a.user);
  return out;
};

/**
 * `dpkg-query -W -f='${Package}\t${Version}\t${db:Status-Abbrev}\n'`: only packages whose status
 * is "ii" (wanted install, installed) count; "rc" (removed, config left) and others do not.
 * The same package for two architectures is listed once.
 */
export function parseDpkgQuery(stdout: string): AppInput[] {
  const seen = new Set<string>();
  const out: AppInput[] = [];
  for (const line of stdout.split('\n')) {
    const [name, version, status] = line.split('\t');
    if (!name || status?.trim() !== 'ii' || seen.has(name)) continue;
    seen.add(name);
    out.push(app({ id: name, version, source: 'dpkg' }));
  }
  return out;
}

/** `rpm -qa --qf '%{NAME}\t%{VERSION}-%{RELEASE}\n'`; gpg-pubkey entries are keys, not software. */
export function parseRpmQa(stdout: string): AppInput[] {
  const seen = new Set<string>();
  const out: AppInput[] = [];
  for (const line of stdout.split('\n')) {
    const [name, version] = line.split('\t');
    if (!name || name === 'gpg-pubkey' || seen.has(name)) continue;
    seen.add(name);
    out.push(app({ id: name.trim(), version: version?.trim(), source: 'rpm' }));
  }
  return out;
}

/**
 * `snap list`: a header `Name  Version  Rev  Tracking  Publisher  Notes`, then one row per snap.
 * With no snaps it prints "No snaps are installed yet…" on stderr and nothing on stdout.
 */
export function parseSnapList(stdout: string): AppInput[] {
  const out: AppInput[] = [];
  for (const line of stdout.split('\n')) {
    const [name, version] = line.trim().split(/\s+/);
    if (!name || name === 'Name') continue;
    out.push(app({ id: name, version, source: 'snap' }));
  }
  return out;
}

/**
 * `flatpak list --app --columns=application,name,version`: tab-separated, no header when the
 * output is not a terminal (a header row is skipped if one appears anyway).
 */
export function parseFlatpakList(stdout: string, user?: string): AppInput[] {
  const out: AppInput[] = [];
  for (const line of stdout.split('\n')) {
    const [id, name, version] = line.split('\t').map((s) => s.trim());
    if (!id || id === 'Application ID' || id === 'Application') continue;
    out.push(app({ id, name, version, source: 'flatpak', user }));
  }
  return out;
}

/**
 * Flatpak installs from the directory names under ~/.local/share/flatpak/app (per user) or
 * /var/lib/flatpak/app (system, no user). Versions are not in the folder names.
 */
export function flatpakAppsFromDir(names: string[], user?: string): AppInput[] {
  return names.filter((n) => /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)+$/.test(n)).map((id) => app({ id, source: 'flatpak', user }));
}

export interface DesktopEntry {
  name: string | null;
  type: string | null;
  hidden: boolean;
}

/** The [Desktop Entry] group of a .desktop file: untranslated Name=, Type=, NoDisplay=/Hidden=. */
export function parseDesktopEntry(text: string): DesktopEntry {
  let inGroup = false;
  const entry: DesktopEntry = { name: null, type: null, hidden: false };
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('[')) {
      inGroup = line === '[Desktop Entry]';
      continue;
    }
    if (!inGroup || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (key === 'Name' && entry.name === null) entry.name = value;
    else if (key === 'Type') entry.type = value;
    else if ((key === 'NoDisplay' || key === 'Hidden') && value.toLowerCase() === 'true') entry.hidden = true;
  }
  return entry;
}

/** A launcher people can see: id = file name without .desktop; hidden and non-application entries are skipped. */
export function desktopApp(fileName: string, text: string, user?: string): AppInput | null {
  const e = parseDesktopEntry(text);
  if (e.hidden || (e.type !== null && e.type !== 'Application')) return null;
  const id = fileName.replace(/\.desktop$/, '');
  return app({ id, name: e.name ?? id, source: 'desktop', user });
}
