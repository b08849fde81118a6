import { LIMITS, type App } from '@safefleet/protocol';
import { describeFailure, type Host } from '../../exec/index.js';
import { isHumanAccount, parseLoginDefs, parsePasswd, parseShells } from '../accounts/linux.parse.js';
import { clip, type CollectContext, type GroupInput } from '../types.js';
import { desktopApp, flatpakAppsFromDir, parseDpkgQuery, parseFlatpakList, parseRpmQa, parseSnapList } from './linux.parse.js';
import { mapLimit } from '../map-limit.js';

export const DPKG_ARGS = ['-W', '-f=${Package}\t${Version}\t${db:Status-Abbrev}\n'];
export const RPM_ARGS = ['-qa', '--qf', '%{NAME}\\t%{VERSION}-%{RELEASE}\\n'];
export const SNAP_ARGS = ['list'];
export const FLATPAK_ARGS = ['list', '--app', '--columns=application,name,version'];
export const SYSTEM_DESKTOP_DIRS = [
  '/usr/share/applications',
  '/usr/local/share/applications',
  '/var/lib/flatpak/exports/share/applications',
  '/var/lib/snapd/desktop/applications',
] as const;
const MAX_DESKTOP_FILE_BYTES = 64 * 1024;
/** Where system-wide flatpaks live; read when the flatpak command fails. */
export const SYSTEM_FLATPAK_DIR = '/var/lib/flatpak/app';

/** A person whose home folder is searched for per-user installs. */
interface HomeUser {
  username: string;
  home: string;
}

/** What one source gave: apps, "not installed here" (skipped silently), or a failure. */
type SourceResult = { apps: App[] } | { missing: true } | { error: string };

/**
 * Installed apps from every package system present, plus launchers (.desktop files) system-wide
 * and in each person's home. One process per package system, never one per package.
 */
export async function collectAppsLinux(ctx: CollectContext): Promise<GroupInput<'apps'>> {
  const { host } = ctx;
  const users = await humanUsers(host);
  const results = await Promise.all([
    fromCommand(host, 'dpkg-query', DPKG_ARGS, parseDpkgQuery),
    fromCommand(host, 'rpm', RPM_ARGS, parseRpmQa),
    fromCommand(host, 'snap', SNAP_ARGS, parseSnapList),
    systemFlatpaks(host),
    perUserFlatpaks(host, users),
    desktopFiles(host, users),
  ]);

  const apps = results.flatMap((r) => ('apps' in r ? r.apps : []));
  const worked = results.some((r) => 'apps' in r);
  const errors = results.flatMap((r) => ('error' in r ? [r.error] : []));
  if (!worked) {
    const error =
      errors.length > 0
        ? `No list of installed apps could be read: ${errors.join('; ')}`
        : 'No package manager (dpkg, rpm, snap, flatpak) or application folder was found';
    return { status: 'error', error: clip(error, LIMITS.maxErrorMessage) };
  }
  const truncated = apps.length > LIMITS.maxApps;
  return { status: 'ok', apps: truncated ? apps.slice(0, LIMITS.maxApps) : apps, ...(truncated ? { truncated } : {}) };
}

async function fromCommand(host: Host, tool: string, args: string[], parse: (stdout: string) => App[]): Promise<SourceResult> {
  if (!(await host.which(tool))) return { missing: true };
  const r = await host.run(tool, args, { timeoutMs: 60_000 });
  const failure = describeFailure(`${tool} ${args[0] ?? ''}`.trim(), r);
  if (failure) return { error: failure };
  if (r.truncated) return { error: `${tool} printed more output than the agent keeps` };
  return { apps: parse(r.stdout) };
}

/**
 * Everyone who signs in here: people in /etc/passwd, plus folders in /home that no local account
 * owns (directory users from LDAP/SSSD/AD are not in /etc/passwd but have a home here).
 */
async function humanUsers(host: Host): Promise<HomeUser[]> {
  const [passwd, shells, defs, homeNames] = await Promise.all([
    host.readFile('/etc/passwd'),
    host.readFile('/etc/shells'),
    host.readFile('/etc/login.defs'),
    host.listDir('/home'),
  ]);
  const entries = parsePasswd(passwd ?? '');
  const shellSet = parseShells(shells);
  const range = parseLoginDefs(defs);
  const people: HomeUser[] = entries.filter((e) => isHumanAccount(e, shellSet, range) && e.home.startsWith('/'));
  const known = new Set(entries.flatMap((e) => [e.home.replace(/\/+$/, ''), `/home/${e.username}`]));
  const directoryUsers = (homeNames ?? [])
    .filter((n) => !n.startsWith('.') && n !== 'lost+found' && !known.has(`/home/${n}`))
    .map((n) => ({ username: n, home: `/home/${n}` }));
  return [...people, ...directoryUsers];
}

/** `flatpak list` (system and root's own installs); if that fails, the system folder's app ids. */
async function systemFlatpaks(host: Host): Promise<SourceResult> {
  const listed = await fromCommand(host, 'flatpak', FLATPAK_ARGS, (out) => parseFlatpakList(out));
  if (!('error' in listed)) return listed;
  const names = await host.listDir(SYSTEM_FLATPAK_DIR);
  return names ? { apps: flatpakAppsFromDir(names) } : listed;
}

/** Per-user flatpaks, from directory names (cheaper and safer than running flatpak as each user). */
async function perUserFlatpaks(host: Host, users: HomeUser[]): Promise<SourceResult> {
  const lists = await Promise.all(
    users.map(async (u) => {
      const names = await host.listDir(`${u.home}/.local/share/flatpak/app`);
      return names ? flatpakAppsFromDir(names, u.username) : null;
    }),
  );
  const found = lists.filter((l): l is App[] => l !== null);
  return found.length > 0 ? { apps: found.flat() } : { missing: true };
}

async function desktopFiles(host: Host, users: HomeUser[]): Promise<SourceResult> {
  const dirs: Array<{ dir: string; user?: string }> = [
    ...SYSTEM_DESKTOP_DIRS.map((dir) => ({ dir })),
    ...users.flatMap((u) => [
      { dir: `${u.home}/.local/share/applications`, user: u.username },
      { dir: `${u.home}/.local/share/flatpak/exports/share/applications`, user: u.username },
    ]),
  ];
  const listings = await Promise.all(dirs.map(async (d) => ({ ...d, names: await host.listDir(d.dir) })));
  const files = listings.flatMap((l) => (l.names ?? []).filter((n) => n.endsWith('.desktop')).map((name) => ({ ...l, name })));
  if (!listings.some((l) => l.names !== null)) return { missing: true };
  const apps = await mapLimit(files, 32, async (f) => {
    const text = await host.readFile(`${f.dir}/${f.name}`, { maxBytes: MAX_DESKTOP_FILE_BYTES });
    return text === null ? null : desktopApp(f.name, text, f.user);
  });
  return { apps: apps.filter((a): a is App => a !== null) };
}
