import { LIMITS } from '@safefleet/protocol';
import type { Host } from '../../exec/index.js';
import { runPowerShell } from '../../exec/powershell.js';
import { PS_PROFILES } from '../accounts/win32.js';
import { userLabel } from '../accounts/win32.parse.js';
import { clip, type CollectContext, type GroupInput } from '../types.js';
import { mergeApps, NOT_PEOPLE, parseAppsDoc, PER_USER_EXES, type AppsDoc, type UserFolders } from './win32.parse.js';

/**
 * Uninstall keys of HKLM, HKLM\WOW6432Node and every loaded person's hive (HKEY_USERS\S-1-5-21-…,
 * S-1-12-1-…), entries with a DisplayName only; Store/MSIX packages of all users; and the profile
 * list, as one JSON object `{ computer, profiles, uninstall, appx, appxError }`.
 */
export const APPS_SCRIPT = String.raw`${PS_PROFILES} $out = [ordered]@{ computer = [Environment]::MachineName; profiles = $profiles; uninstall = @(); appx = $null; appxError = $null }; $roots = @(@{ Hive = 'HKLM'; Path = 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall' }, @{ Hive = 'HKLM32'; Path = 'HKLM:\SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall' }); foreach ($sid in @(Get-ChildItem 'Registry::HKEY_USERS' | Where-Object { $_.PSChildName -match '^S-1-(5-21|12-1)-[0-9-]+$' } | ForEach-Object { $_.PSChildName })) { $roots += @{ Hive = $sid; Path = 'Registry::HKEY_USERS\' + $sid + '\Software\Microsoft\Windows\CurrentVersion\Uninstall' } }; $out.uninstall = @(foreach ($r in $roots) { Get-ChildItem -LiteralPath $r.Path -ErrorAction SilentlyContinue | ForEach-Object { $n = $_.GetValue('DisplayName'); if ($n) { [pscustomobject]@{ Hive = $r.Hive; Key = $_.PSChildName; DisplayName = [string]$n; DisplayVersion = [string]$_.GetValue('DisplayVersion'); Publisher = [string]$_.GetValue('Publisher'); SystemComponent = $_.GetValue('SystemComponent'); ParentKeyName = $_.GetValue('ParentKeyName') } } } }); try { $out.appx = @(Get-AppxPackage -AllUsers -ErrorAction Stop | ForEach-Object { [pscustomobject]@{ Name = $_.Name; PackageFamilyName = $_.PackageFamilyName; Version = [string]$_.Version; IsFramework = $_.IsFramework; SignatureKind = [string]$_.SignatureKind; NonRemovable = $_.NonRemovable } }) } catch { $out.appxError = $_.Exception.Message.Trim() + ' (' + (Hr $_) + ')' }; ConvertTo-Json -InputObject ([pscustomobject]$out) -Depth 4 -Compress`;

/** Where profiles are when the profile list cannot be read. */
export const USERS_DIR = 'C:/Users';

/**
 * Installed Windows programs (win32), Store apps (store, id = PackageFamilyName) and per-user
 * installs, with the person they belong to where Windows says so.
 */
export async function collectAppsWin32(ctx: CollectContext): Promise<GroupInput<'apps'>> {
  const { host } = ctx;
  const r = await runPowerShell(host, APPS_SCRIPT, { timeoutMs: 120_000, what: 'Reading the installed Windows programs' });
  const doc: AppsDoc = r.ok ? parseAppsDoc(r.data) : { computer: null, profiles: [], win32: [], store: null, appxError: null };
  const homes = r.ok
    ? doc.profiles.filter((p) => p.path).map((p) => ({ user: userLabel(p, doc.computer), home: p.path }))
    : await homesFromUsersDir(host);
  const folders = await Promise.all(homes.map((h) => userFolders(host, h.user, h.home)));
  const { apps, truncated } = mergeApps(doc, folders);
  const extra = truncated ? { truncated } : {};

  if (!r.ok) {
    return { status: 'error', error: clip(`${r.error}; only per-user app folders could be checked`, LIMITS.maxErrorMessage), apps, ...extra };
  }
  if (doc.appxError) {
    const error = `The Microsoft Store app list could not be read (Get-AppxPackage): ${doc.appxError}; Store apps were taken from each person's Packages folder instead`;
    return { status: 'ok', error: clip(error, LIMITS.maxErrorMessage), apps, ...extra };
  }
  return { status: 'ok', apps, ...extra };
}

async function homesFromUsersDir(host: Host): Promise<Array<{ user: string; home: string }>> {
  const names = (await host.listDir(USERS_DIR)) ?? [];
  return names.filter((n) => !NOT_PEOPLE.has(n.toLowerCase())).map((n) => ({ user: n, home: `${USERS_DIR}/${n}` }));
}

async function userFolders(host: Host, user: string, home: string): Promise<UserFolders> {
  const [packages, exes] = await Promise.all([
    host.listDir(`${home}/AppData/Local/Packages`),
    Promise.all(PER_USER_EXES.map(async (e): Promise<string | null> => ((await host.exists(`${home}/${e.rel}`)) ? e.name : null))),
  ]);
  return { user, packages, exes: exes.filter((e): e is string => e !== null) };
}
