/** Pure helpers for macOS apps: which folders hold .app bundles, and Info.plist → App. */
import type { App } from '@safefleet/protocol';
import { isDict, type PlistValue } from '../../exec/plist.js';
import { clip } from '../types.js';

/** Entries of /Users that are not people's home folders. */
const NOT_A_HOME = new Set(['Shared', 'Guest', 'Deleted Users']);

export function homeFolders(names: string[]): string[] {
  return names.filter((n) => !n.startsWith('.') && !NOT_A_HOME.has(n));
}

/** A directory listing split into app bundles and sub-folders to look one level into. */
export function splitListing(names: string[]): { apps: string[]; folders: string[] } {
  const visible = names.filter((n) => !n.startsWith('.'));
  return { apps: visible.filter((n) => n.endsWith('.app')), folders: visible.filter((n) => !n.endsWith('.app')) };
}

/** `plutil -convert json -o - Info.plist` output → a dict; null when it is not JSON. */
export function parsePlutilJson(stdout: string): PlistValue | null {
  try {
    const v: unknown = JSON.parse(stdout);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as PlistValue) : null;
  } catch {
    return null;
  }
}

const str = (v: PlistValue | undefined): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

/**
 * One app from its Info.plist: id = CFBundleIdentifier (iPad apps keep their iOS id), name =
 * CFBundleDisplayName, else CFBundleName, else the folder name; version =
 * CFBundleShortVersionString, else CFBundleVersion. A bundle without an identifier is listed
 * by its folder name so it is still visible.
 */
export function appFromInfoPlist(info: PlistValue | null, bundleName: string, user?: string): App {
  const folder = bundleName.replace(/\.app$/, '');
  const d = isDict(info) ? info : {};
  const id = str(d.CFBundleIdentifier) || bundleName;
  const name = str(d.CFBundleDisplayName) || str(d.CFBundleName) || folder;
  const version = str(d.CFBundleShortVersionString) || str(d.CFBundleVersion);
  const app: App = { name: clip(name), id: clip(id), source: 'macapp' };
  if (version) app.version = clip(version);
  if (user) app.user = clip(user);
  return app;
}

/** Apps listed once per id and user (the same app in /Applications and a sub-folder counts once). */
export function dedupeApps(apps: App[]): App[] {
  const seen = new Set<string>();
  return apps.filter((a) => {
    const key = `${a.id}\u0000${a.user ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
