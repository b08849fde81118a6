import { LIMITS } from '@safefleet/protocol';
import { runPowerShell, windowsChildEnv, windowsSystemDir } from '../../exec/powershell.js';
import { clip, type CollectContext, type GroupInput } from '../types.js';
import { parseDsregcmd } from './win32.dsregcmd.parse.js';
import { buildAccountsWin32 } from './win32.parse.js';

export const dsregcmdPath = (): string => `${windowsSystemDir()}/dsregcmd.exe`;
export const DSREGCMD_ARGS = ['/status'];

/**
 * PowerShell fragment (shared with apps and screen lock) that sets `$profiles`: every person's
 * profile in ProfileList (local/Microsoft/domain S-1-5-21-…, Entra ID S-1-12-1-…), with its
 * folder, its `DOMAIN\name` and whether its registry hive is loaded.
 */
export const PS_PROFILES = String.raw`$profiles = @(Get-ChildItem 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\ProfileList' -ErrorAction SilentlyContinue | Where-Object { $_.PSChildName -match '^S-1-(5-21|12-1)-[0-9-]+$' } | ForEach-Object { [pscustomobject]@{ Sid = $_.PSChildName; Path = [string]$_.GetValue('ProfileImagePath'); Account = (SidName $_.PSChildName); Loaded = (Test-Path -LiteralPath ('Registry::HKEY_USERS\' + $_.PSChildName)) } });`;

/** Local accounts (Get-LocalUser, dates as UTC ISO) + profiles, as one JSON object. */
export const ACCOUNTS_SCRIPT = String.raw`${PS_PROFILES} $users = $null; $usersError = $null; try { $users = @(Get-LocalUser -ErrorAction Stop | ForEach-Object { [pscustomobject]@{ Name = $_.Name; Enabled = $_.Enabled; PasswordLastSet = (Iso $_.PasswordLastSet); PasswordExpires = (Iso $_.PasswordExpires); PasswordRequired = $_.PasswordRequired; PrincipalSource = [string]$_.PrincipalSource; Sid = [string]$_.SID } }) } catch { $usersError = $_.Exception.Message }; ConvertTo-Json -InputObject ([pscustomobject]@{ computer = [Environment]::MachineName; users = $users; usersError = $usersError; profiles = $profiles }) -Depth 4 -Compress`;

/** Windows accounts: local users with password dates; Microsoft/Entra/domain sign-ins with honest unknown dates. */
export async function collectAccountsWin32(ctx: CollectContext): Promise<GroupInput<'accounts'>> {
  const r = await runPowerShell(ctx.host, ACCOUNTS_SCRIPT, { timeoutMs: 60_000, what: 'Reading Windows accounts' });
  if (!r.ok) return { status: 'error', error: clip(r.error, LIMITS.maxErrorMessage) };
  const { accounts, usersError } = buildAccountsWin32(r.data);
  // The work or school account the device signs in with: the console reads its password date from
  // Microsoft 365. dsregcmd missing or failing just means no work account is reported.
  const dsreg = await ctx.host.run(dsregcmdPath(), DSREGCMD_ARGS, { timeoutMs: 30_000, env: windowsChildEnv() });
  const workAccounts = dsreg.exitCode === 0 ? parseDsregcmd(dsreg.stdout) : [];
  const work = workAccounts.length > 0 ? { workAccounts } : {};
  if (usersError) {
    return {
      status: 'error',
      error: clip(`Windows local accounts could not be read (Get-LocalUser): ${usersError}`, LIMITS.maxErrorMessage),
      accounts,
      ...work,
    };
  }
  return { status: 'ok', accounts, ...work };
}
