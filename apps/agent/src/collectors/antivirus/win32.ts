import { LIMITS } from '@safefleet/protocol';
import { runPowerShell } from '../../exec/powershell.js';
import { clip, type CollectContext, type GroupInput } from '../types.js';
import { parseAntivirusDoc } from './win32.parse.js';

/**
 * Security Center's registered products (absent on Windows Server) and Defender's own status, as
 * one JSON object `{ av, as, scError, mp, mpError }`. Each part is caught on its own so one
 * failing (e.g. Get-MpComputerStatus 0x800106BA next to a third-party AV) keeps the others.
 */
export const ANTIVIRUS_SCRIPT = String.raw`$r = [ordered]@{ av = @(); as = @(); scError = $null; mp = $null; mpError = $null }; try { $r.av = @(Get-CimInstance -Namespace root/SecurityCenter2 -ClassName AntiVirusProduct -ErrorAction Stop | Select-Object displayName, productState, instanceGuid, pathToSignedProductExe) } catch { $r.scError = $_.Exception.Message.Trim() + ' (' + (Hr $_) + ')' }; try { $r.as = @(Get-CimInstance -Namespace root/SecurityCenter2 -ClassName AntiSpywareProduct -ErrorAction Stop | Select-Object displayName, productState, instanceGuid) } catch { if (-not $r.scError) { $r.scError = $_.Exception.Message.Trim() + ' (' + (Hr $_) + ')' } }; try { $m = Get-MpComputerStatus -ErrorAction Stop; $r.mp = [pscustomobject]@{ AMRunningMode = [string]$m.AMRunningMode; AMServiceEnabled = $m.AMServiceEnabled; AntivirusEnabled = $m.AntivirusEnabled; AntispywareEnabled = $m.AntispywareEnabled; RealTimeProtectionEnabled = $m.RealTimeProtectionEnabled; AntivirusSignatureAge = $m.AntivirusSignatureAge; AntivirusSignatureVersion = [string]$m.AntivirusSignatureVersion; AntivirusSignatureLastUpdated = (Iso $m.AntivirusSignatureLastUpdated); DefenderSignaturesOutOfDate = $m.DefenderSignaturesOutOfDate; IsTamperProtected = $m.IsTamperProtected } } catch { $r.mpError = $_.Exception.Message.Trim() + ' (' + (Hr $_) + ')' }; ConvertTo-Json -InputObject ([pscustomobject]$r) -Depth 4 -Compress`;

/** Windows antivirus / anti-spyware. No product at all is a finding (status ok, products []). */
export async function collectAntivirusWin32(ctx: CollectContext): Promise<GroupInput<'antivirus'>> {
  const r = await runPowerShell(ctx.host, ANTIVIRUS_SCRIPT, { timeoutMs: 60_000, what: 'Reading Windows Security Center and Defender' });
  if (!r.ok) return { status: 'error', error: clip(r.error, LIMITS.maxErrorMessage) };
  const { products, error } = parseAntivirusDoc(r.data);
  if (error) return { status: 'error', error: clip(error, LIMITS.maxErrorMessage), products };
  return { status: 'ok', products };
}
