import { LIMITS } from '@safefleet/protocol';
import { describeFailure, type Host } from '../../exec/index.js';
import { runPowerShell, windowsChildEnv, windowsSystemDir } from '../../exec/powershell.js';
import { clip, type CollectContext, type GroupInput } from '../types.js';
import { buildScreenLockUsers, parsePowercfg, POWER_GUID, type AcDc } from './win32.parse.js';

/**
 * Machine inactivity limit, Group Policy copies of the power settings, and per signed-in person
 * (loaded HKEY_USERS hive) the screensaver values and their policy copies.
 */
export const SCREEN_LOCK_SCRIPT = String.raw`function V($o, $n) { if ($o -and $null -ne $o.$n) { [string]$o.$n } else { $null } }; $it = $null; $p = Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System' -ErrorAction SilentlyContinue; if ($p -and $null -ne $p.InactivityTimeoutSecs) { $it = [int64]$p.InactivityTimeoutSecs }; $power = @(foreach ($g in @('${POWER_GUID.VIDEOIDLE}', '${POWER_GUID.STANDBYIDLE}', '${POWER_GUID.CONSOLELOCK}')) { $k = Get-ItemProperty -LiteralPath ('HKLM:\SOFTWARE\Policies\Microsoft\Power\PowerSettings\' + $g) -ErrorAction SilentlyContinue; if ($k) { [pscustomobject]@{ Setting = $g; AC = $k.ACSettingIndex; DC = $k.DCSettingIndex } } }); $users = @(Get-ChildItem 'Registry::HKEY_USERS' | Where-Object { $_.PSChildName -match '^S-1-(5-21|12-1)-[0-9-]+$' } | ForEach-Object { $sid = $_.PSChildName; $d = Get-ItemProperty -LiteralPath ('Registry::HKEY_USERS\' + $sid + '\Control Panel\Desktop') -ErrorAction SilentlyContinue; $q = Get-ItemProperty -LiteralPath ('Registry::HKEY_USERS\' + $sid + '\Software\Policies\Microsoft\Windows\Control Panel\Desktop') -ErrorAction SilentlyContinue; [pscustomobject]@{ Sid = $sid; Account = (SidName $sid); ScreenSaveActive = (V $d 'ScreenSaveActive'); ScreenSaverIsSecure = (V $d 'ScreenSaverIsSecure'); ScreenSaveTimeOut = (V $d 'ScreenSaveTimeOut'); ScrnSave = (V $d 'SCRNSAVE.EXE'); PolicyScreenSaveActive = (V $q 'ScreenSaveActive'); PolicyScreenSaverIsSecure = (V $q 'ScreenSaverIsSecure'); PolicyScreenSaveTimeOut = (V $q 'ScreenSaveTimeOut'); PolicyScrnSave = (V $q 'SCRNSAVE.EXE') } }); ConvertTo-Json -InputObject ([pscustomobject]@{ computer = [Environment]::MachineName; inactivityTimeoutSecs = $it; powerPolicy = $power; users = $users }) -Depth 4 -Compress`;

export const powercfgPath = (): string => `${windowsSystemDir()}/powercfg.exe`;
/** CONSOLELOCK is a hidden setting: /qh shows hidden settings too. */
export const POWERCFG_ARGS = {
  video: ['/q', 'SCHEME_CURRENT', 'SUB_VIDEO', 'VIDEOIDLE'],
  standby: ['/q', 'SCHEME_CURRENT', 'SUB_SLEEP', 'STANDBYIDLE'],
  consoleLock: ['/qh', 'SCHEME_CURRENT', 'SUB_NONE', 'CONSOLELOCK'],
} as const;

export const NO_SESSION_WIN32 = 'No one is signed in to Windows, so the screen-lock settings cannot be read';

/** Windows screen lock per signed-in person (machine policy, screensaver, sleep + sign-in on wake). */
export async function collectScreenLockWin32(ctx: CollectContext): Promise<GroupInput<'screenLock'>> {
  const { host } = ctx;
  const [r, video, standby, consoleLock] = await Promise.all([
    runPowerShell(host, SCREEN_LOCK_SCRIPT, { timeoutMs: 30_000, what: 'Reading the screen-lock settings' }),
    powercfg(host, 'video', POWER_GUID.VIDEOIDLE),
    powercfg(host, 'standby', POWER_GUID.STANDBYIDLE),
    powercfg(host, 'consoleLock', POWER_GUID.CONSOLELOCK),
  ]);
  if (!r.ok) return { status: 'error', error: clip(r.error, LIMITS.maxErrorMessage) };
  const users = buildScreenLockUsers(r.data, { video: video.value, standby: standby.value, consoleLock: consoleLock.value });
  if (users.length === 0) return { status: 'unsupported', error: NO_SESSION_WIN32, users: [] };
  const problems = [video, standby, consoleLock].flatMap((p) => (p.problem ? [p.problem] : []));
  if (problems.length > 0 && users.some((u) => u.lockEnabled === null)) {
    return { status: 'ok', error: clip(`The power settings could not all be read: ${problems.join('; ')}`, LIMITS.maxErrorMessage), users };
  }
  return { status: 'ok', users };
}

async function powercfg(host: Host, which: keyof typeof POWERCFG_ARGS, guid: string): Promise<{ value: AcDc | null; problem?: string }> {
  const args = POWERCFG_ARGS[which];
  const r = await host.run(powercfgPath(), [...args], { timeoutMs: 15_000, env: windowsChildEnv() });
  const value = r.exitCode === 0 ? parsePowercfg(r.stdout, guid) : null;
  if (value) return { value };
  return {
    value: null,
    problem: describeFailure(`powercfg ${args.join(' ')}`, r) ?? `powercfg ${args.join(' ')} did not show the ${args[3]} setting`,
  };
}
