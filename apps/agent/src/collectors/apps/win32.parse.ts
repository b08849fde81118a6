import { LIMITS, type App } from '@safefleet/protocol';
import { asArray, asRecord } from '../../exec/powershell.js';
import { parseProfiles, userLabel, type WinProfile } from '../accounts/win32.parse.js';
import { clip } from '../types.js';

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

/** Per-user installs that may have no uninstall key we can see (hive not loaded): known program files. */
export const PER_USER_EXES = [
  { name: 'Discord', rel: 'AppData/Local/Discord/Update.exe', id: '%LocalAppData%\\Discord\\Update.exe' },
  { name: 'Telegram Desktop', rel: 'AppData/Roaming/Telegram Desktop/Telegram.exe', id: '%AppData%\\Telegram Desktop\\Telegram.exe' },
  { name: 'Viber', rel: 'AppData/Local/Viber/Viber.exe', id: '%LocalAppData%\\Viber\\Viber.exe' },
  { name: 'Signal', rel: 'AppData/Local/Programs/signal-desktop/Signal.exe', id: '%LocalAppData%\\Programs\\signal-desktop\\Signal.exe' },
  { name: 'WhatsApp', rel: 'AppData/Local/WhatsApp/Update.exe', id: '%LocalAppData%\\WhatsApp\\Update.exe' },
] as const;

/** `Name_PublisherId` (publisher id: 13 base-32 characters). */
const PFN = /^([A-Za-z0-9][A-Za-z0-9.-]*)_([a-z0-9]{13})$/i;
/** Publisher id of Windows' own in-box system packages. */
const WINDOWS_SYSTEM_PUBLISHER = 'cw5n1h2txyewy';

export interface AppsDoc {
  computer: string | null;
  profiles: WinProfile[];
  /** Win32 programs from the uninstall keys (HKLM, WOW6432Node, loaded HKU hives). */
  win32: App[];
  /** Store/MSIX packages from Get-AppxPackage -AllUsers; null when it failed. */
  store: App[] | null;
  appxError: string | null;
}

/**
 * The APPS_SCRIPT document → apps. Win32: DisplayName set, SystemComponent ≠ 1, no ParentKeyName
 * (those are updates/parts of another product); id = the uninstall key name, user = the hive's
 * owner. Store: not a framework, not a System-signed package; id = PackageFamilyName.
 */
export function parseAppsDoc(doc: unknown): AppsDoc {
  const o = asRecord(doc) ?? {};
  const computer = str(o.computer) || null;
  const profiles = parseProfiles(o.profiles);
  const labelOf = (sid: string) => {
    const p = profiles.find((x) => x.sid === sid);
    return p ? userLabel(p, computer) : sid;
  };

  const seen = new Set<string>();
  const win32: App[] = [];
  for (const item of asArray(o.uninstall)) {
    const u = asRecord(item);
    const name = str(u?.DisplayName);
    if (!u || !name || Number(u.SystemComponent) === 1 || str(u.ParentKeyName)) continue;
    const hive = str(u.Hive);
    const user = hive.startsWith('S-1-') ? labelOf(hive) : undefined;
    const version = str(u.DisplayVersion);
    const key = `${name.toLowerCase()}|${version}|${user ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    win32.push({
      name: clip(name),
      id: clip(str(u.Key) || name),
      ...(version ? { version: clip(version) } : {}),
      source: 'win32',
      ...(user ? { user: clip(user) } : {}),
    });
  }

  let store: App[] | null = null;
  if (Array.isArray(o.appx) || asRecord(o.appx)) {
    const byPfn = new Map<string, App>();
    for (const item of asArray(o.appx)) {
      const a = asRecord(item);
      const pfn = str(a?.PackageFamilyName);
      if (!a || !pfn || a.IsFramework === true || str(a.SignatureKind) === 'System') continue;
      if (!byPfn.has(pfn.toLowerCase())) {
        const version = str(a.Version);
        byPfn.set(pfn.toLowerCase(), {
          name: clip(str(a.Name) || pfn),
          id: clip(pfn),
          ...(version ? { version: clip(version) } : {}),
          source: 'store',
        });
      }
    }
    store = [...byPfn.values()];
  }
  return { computer, profiles, win32, store, appxError: store ? null : str(o.appxError) || 'Get-AppxPackage gave no answer' };
}

export interface UserFolders {
  user: string;
  /** Entry names of <profile>\AppData\Local\Packages, null when missing or unreadable. */
  packages: string[] | null;
  /** PER_USER_EXES names whose program file exists in this profile. */
  exes: string[];
}

/**
 * Everything together. Per-user Packages folders (named by PackageFamilyName) say which person
 * has a Store app: with a Get-AppxPackage list they only attribute its packages to people; without
 * one they are the list (minus Windows' own system packages). A known per-user program file counts
 * when no uninstall entry for that person already names the app.
 */
export function mergeApps(doc: AppsDoc, folders: UserFolders[]): { apps: App[]; truncated: boolean } {
  const exeApps: App[] = [];
  for (const f of folders) {
    for (const exe of PER_USER_EXES.filter((e) => f.exes.includes(e.name))) {
      const listed = doc.win32.some((a) => a.user === f.user && a.name.toLowerCase().startsWith(exe.name.toLowerCase()));
      if (!listed) exeApps.push({ name: exe.name, id: exe.id, source: 'win32', user: clip(f.user) });
    }
  }

  const storeByPfn = new Map((doc.store ?? []).map((a) => [a.id.toLowerCase(), a]));
  const attributed = new Set<string>();
  const perUserStore: App[] = [];
  for (const f of folders) {
    for (const folder of f.packages ?? []) {
      const m = PFN.exec(folder);
      if (!m) continue;
      const known = storeByPfn.get(folder.toLowerCase());
      if (doc.store && !known) continue;
      if (!doc.store && m[2]?.toLowerCase() === WINDOWS_SYSTEM_PUBLISHER) continue;
      attributed.add(folder.toLowerCase());
      perUserStore.push({ ...(known ?? { name: clip(m[1] ?? folder), id: clip(folder), source: 'store' as const }), user: clip(f.user) });
    }
  }
  const unattributed = (doc.store ?? []).filter((a) => !attributed.has(a.id.toLowerCase()));

  const all = [...doc.win32, ...exeApps, ...perUserStore, ...unattributed];
  const truncated = all.length > LIMITS.maxApps;
  return { apps: truncated ? all.slice(0, LIMITS.maxApps) : all, truncated };
}

/** Folder names under C:\Users that are not people (used only when the profile list is unavailable). */
export const NOT_PEOPLE = new Set(['all users', 'default', 'default user', 'public', 'desktop.ini', 'defaultapppool']);
