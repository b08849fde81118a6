import { LIMITS } from '@safefleet/protocol';
import { runPowerShell } from '../../exec/powershell.js';
import { clip, type CollectContext, type GroupInput } from '../types.js';
import { loadFirstSeen, mergeFirstSeen, saveFirstSeen } from './first-seen.js';
import { parseHistoryWin32, parsePendingWin32 } from './win32.parse.js';

/**
 * Pending software updates from the Windows Update Agent (contacts Windows Update / WSUS, so it
 * can be slow: it runs on its own with WU_SEARCH_TIMEOUT_MS). Category ids and names are kept
 * apart so one level of JSON is enough.
 */
export const UPDATES_PENDING_SCRIPT = String.raw`try { $s = New-Object -ComObject Microsoft.Update.Session; $q = $s.CreateUpdateSearcher(); $res = $q.Search('IsInstalled=0 and Type=''Software'' and IsHidden=0'); $u = @($res.Updates | ForEach-Object { $x = $_; [pscustomobject]@{ Title = [string]$x.Title; MsrcSeverity = [string]$x.MsrcSeverity; KB = @($x.KBArticleIDs | ForEach-Object { 'KB' + $_ }); CategoryIds = @($x.Categories | ForEach-Object { [string]$_.CategoryID }); Categories = @($x.Categories | ForEach-Object { [string]$_.Name }); RebootRequired = $x.RebootRequired } }); ConvertTo-Json -InputObject ([pscustomobject]@{ updates = $u; error = $null }) -Depth 4 -Compress } catch { ConvertTo-Json -InputObject ([pscustomobject]@{ updates = $null; error = $_.Exception.Message.Trim() + ' (' + (Hr $_) + ')' }) -Compress }`;

/**
 * Successful installs from the Windows Update history (newest first, at most 1000; WUA dates are
 * UTC) and the newest Get-HotFix date as a fallback.
 */
export const UPDATES_HISTORY_SCRIPT = String.raw`$h = @(); $hErr = $null; try { $s = New-Object -ComObject Microsoft.Update.Session; $q = $s.CreateUpdateSearcher(); $n = $q.GetTotalHistoryCount(); if ($n -gt 0) { $h = @($q.QueryHistory(0, [Math]::Min($n, 1000)) | Where-Object { $_.Operation -eq 1 -and $_.ResultCode -eq 2 } | ForEach-Object { $x = $_; [pscustomobject]@{ Date = (IsoUtc $x.Date); Title = [string]$x.Title; CategoryIds = @(if ($x.Categories) { $x.Categories | ForEach-Object { [string]$_.CategoryID } }) } }) } } catch { $hErr = $_.Exception.Message.Trim() + ' (' + (Hr $_) + ')' }; $hf = $null; try { $hf = Iso (@(Get-HotFix -ErrorAction Stop | Where-Object { $_.InstalledOn } | Sort-Object InstalledOn -Descending)[0].InstalledOn) } catch { }; ConvertTo-Json -InputObject ([pscustomobject]@{ history = $h; historyError = $hErr; hotfixLatest = $hf }) -Depth 4 -Compress`;

export const WU_SEARCH_TIMEOUT_MS = 120_000;

/**
 * Windows updates. A search that fails or times out is an error for the group, but the last
 * install date (from the history) is still reported.
 */
export async function collectUpdatesWin32(ctx: CollectContext): Promise<GroupInput<'updates'>> {
  const { host } = ctx;
  const [search, history] = await Promise.all([
    runPowerShell(host, UPDATES_PENDING_SCRIPT, { timeoutMs: WU_SEARCH_TIMEOUT_MS, what: 'Windows Update' }),
    runPowerShell(host, UPDATES_HISTORY_SCRIPT, { timeoutMs: 60_000, what: 'Reading the Windows Update history' }),
  ]);
  const lastInstalledAt = history.ok ? parseHistoryWin32(history.data).lastInstalledAt : null;
  const found = search.ok ? parsePendingWin32(search.data) : { error: search.error };
  if ('error' in found) return { status: 'error', error: clip(found.error, LIMITS.maxErrorMessage), source: 'windows-update', lastInstalledAt };

  const previous = ctx.stateDir ? await loadFirstSeen(ctx.stateDir) : {};
  const merged = mergeFirstSeen(previous, found.pending, ctx.now);
  const saveProblem = ctx.stateDir
    ? await saveFirstSeen(ctx.stateDir, merged.map).then(
        () => null,
        (e: unknown) => (e instanceof Error ? e.message : String(e)),
      )
    : null;

  return {
    status: 'ok',
    ...(saveProblem
      ? { error: clip(`Pending updates were read, but their first-seen dates could not be saved: ${saveProblem}`, LIMITS.maxErrorMessage) }
      : {}),
    source: 'windows-update',
    pendingCount: merged.pending.length,
    securityPendingCount: merged.pending.filter((p) => p.security).length,
    lastInstalledAt,
    oldestSecurityPendingSince: merged.oldestSecurityPendingSince,
    pending: [...merged.pending]
      .sort((a, b) => Number(b.security) - Number(a.security))
      .slice(0, LIMITS.maxPendingUpdates)
      .map(({ name, version, ...rest }) => ({ name: clip(name), ...(version ? { version: clip(version) } : {}), ...rest })),
  };
}
