import { LIMITS } from '@safefleet/protocol';
import { runPowerShell } from '../../exec/powershell.js';
import { clip, type CollectContext, type GroupInput } from '../types.js';
import { parseOsWin32 } from './win32.parse.js';

/**
 * Windows version from the registry (ProductName, EditionID, DisplayVersion, ReleaseId,
 * CurrentBuild, UBR, …), the machine-wide PROCESSOR_ARCHITECTURE, the computer name and the BIOS
 * serial. The updates collector does not need it; the os group carries the build.
 */
export const OS_SCRIPT = String.raw`$cv = Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion' -ErrorAction Stop; $se = Get-ItemProperty -LiteralPath 'HKLM:\SYSTEM\CurrentControlSet\Control\Session Manager\Environment' -ErrorAction SilentlyContinue; $serial = $null; try { $serial = [string](Get-CimInstance -ClassName Win32_BIOS -ErrorAction Stop).SerialNumber } catch { }; ConvertTo-Json -InputObject ([pscustomobject]@{ ProductName = $cv.ProductName; EditionID = $cv.EditionID; DisplayVersion = $cv.DisplayVersion; ReleaseId = $cv.ReleaseId; CurrentBuild = $cv.CurrentBuild; CurrentBuildNumber = $cv.CurrentBuildNumber; UBR = $cv.UBR; CurrentMajorVersionNumber = $cv.CurrentMajorVersionNumber; CurrentMinorVersionNumber = $cv.CurrentMinorVersionNumber; InstallationType = $cv.InstallationType; Arch = $se.PROCESSOR_ARCHITECTURE; Hostname = [Environment]::MachineName; Serial = $serial }) -Depth 4 -Compress`;

export async function collectOsWin32(ctx: CollectContext): Promise<GroupInput<'os'>> {
  const r = await runPowerShell(ctx.host, OS_SCRIPT, { timeoutMs: 30_000, what: 'Reading the Windows version' });
  if (!r.ok) return { status: 'error', platform: 'win32', error: clip(r.error, LIMITS.maxErrorMessage) };
  return parseOsWin32(r.data);
}
