import { LIMITS } from '@safefleet/protocol';
import { runPowerShell, windowsChildEnv, windowsSystemDir } from '../../exec/powershell.js';
import { clip, type CollectContext, type GroupInput } from '../types.js';
import { manageBdeVerdict, parseBitLockerVolumes, systemVolume } from './win32.parse.js';

export const manageBdePath = (): string => `${windowsSystemDir()}/manage-bde.exe`;
/** Exit code 0 = protected, 1 = not protected, whatever the language of the text. */
export const MANAGE_BDE_ARGS = ['-status', 'C:', '-protectionaserrorlevel'];

/** Detail for C: from Get-BitLockerVolume, enums as their names; `{ error }` when it fails. */
export const BITLOCKER_SCRIPT = String.raw`try { $v = Get-BitLockerVolume -MountPoint 'C:' -ErrorAction Stop; ConvertTo-Json -InputObject @($v | ForEach-Object { $x = $_; [pscustomobject]@{ MountPoint = [string]$x.MountPoint; VolumeType = [string]$x.VolumeType; VolumeStatus = [string]$x.VolumeStatus; ProtectionStatus = [string]$x.ProtectionStatus; EncryptionMethod = [string]$x.EncryptionMethod; EncryptionPercentage = $x.EncryptionPercentage; LockStatus = [string]$x.LockStatus; KeyProtector = @($x.KeyProtector | ForEach-Object { [string]$_.KeyProtectorType }) } }) -Depth 4 -Compress } catch { ConvertTo-Json -InputObject ([pscustomobject]@{ error = $_.Exception.Message.Trim() + ' (' + (Hr $_) + ')' }) -Compress }`;

/**
 * BitLocker / Device Encryption of the system drive C:. Needs administrator rights (the agent
 * service runs as SYSTEM); without them the group is an error that says so.
 */
export async function collectEncryptionWin32(ctx: CollectContext): Promise<GroupInput<'encryption'>> {
  const { host } = ctx;
  const [bde, blv] = await Promise.all([
    host.run(manageBdePath(), MANAGE_BDE_ARGS, { timeoutMs: 30_000, env: windowsChildEnv() }),
    runPowerShell(host, BITLOCKER_SCRIPT, { timeoutMs: 30_000, what: 'Get-BitLockerVolume' }),
  ]);
  const verdict = manageBdeVerdict(bde);
  if ('error' in verdict) return { status: 'error', error: clip(verdict.error, LIMITS.maxErrorMessage) };

  const detail = blv.ok ? parseBitLockerVolumes(blv.data) : null;
  const c = detail && 'volumes' in detail ? (detail.volumes.find((v) => /^c:\\?$/i.test(v.mountPoint)) ?? null) : null;
  return { status: 'ok', volumes: [systemVolume(verdict.protected, bde.stdout, c)] };
}
