import { LIMITS } from '@safefleet/protocol';
import { describeFailure, type Host } from '../../exec/index.js';
import { readPlistFile } from '../../exec/plist.js';
import { clip, type CollectContext, type GroupInput } from '../types.js';
import { isSecurityUpdate, lastOsInstallFromHistoryPlist, parseSoftwareUpdateHistory, parseSoftwareUpdateList } from './darwin.parse.js';
import { loadFirstSeen, mergeFirstSeen, saveFirstSeen } from './first-seen.js';
import type { PendingPackage } from './linux.parse.js';

export const SWU_LIST_ARGS = ['-l'];
export const SWU_HISTORY_ARGS = ['--history'];
export const SW_VERS_VERSION_ARGS = ['-productVersion'];
export const INSTALL_HISTORY_PLIST = '/Library/Receipts/InstallHistory.plist';
/** softwareupdate -l asks Apple's servers and can take a minute or more. */
export const SWU_LIST_TIMEOUT_MS = 120_000;

/**
 * Pending updates from `softwareupdate -l` (which asks Apple, so it is slow); the last OS
 * install from InstallHistory.plist, else `softwareupdate --history`.
 */
export async function collectUpdatesDarwin(ctx: CollectContext): Promise<GroupInput<'updates'>> {
  const { host } = ctx;
  const [running, list, last] = await Promise.all([
    host.run('sw_vers', SW_VERS_VERSION_ARGS, { timeoutMs: 10_000 }),
    host.run('softwareupdate', SWU_LIST_ARGS, { timeoutMs: SWU_LIST_TIMEOUT_MS }),
    lastInstall(host),
  ]);
  const lastInstalledAt = last.at ? last.at.toISOString() : null;
  const base = { source: 'softwareupdate', lastInstalledAt };

  const failure = list.timedOut
    ? `softwareupdate -l took longer than ${SWU_LIST_TIMEOUT_MS / 1000} s and was stopped (Apple's update server may be unreachable)`
    : describeFailure('softwareupdate -l', list);
  const parsed = failure ? null : parseSoftwareUpdateList(`${list.stdout}\n${list.stderr}`);
  if (!parsed || 'unreadable' in parsed) {
    return {
      status: 'error',
      error: clip(failure ?? (parsed && 'unreadable' in parsed ? parsed.unreadable : 'softwareupdate -l failed'), LIMITS.maxErrorMessage),
      ...base,
    };
  }

  const version = running.exitCode === 0 ? running.stdout.trim() || null : null;
  const pending: PendingPackage[] = parsed.updates.map((u) => ({ name: u.title, version: u.version, security: isSecurityUpdate(u, version) }));
  const previous = ctx.stateDir ? await loadFirstSeen(ctx.stateDir) : {};
  const merged = mergeFirstSeen(previous, pending, ctx.now);
  const saveProblem = ctx.stateDir
    ? await saveFirstSeen(ctx.stateDir, merged.map).then(
        () => null,
        (e: unknown) => (e instanceof Error ? e.message : String(e)),
      )
    : null;
  const notes = [saveProblem ? `Pending updates were read, but their first-seen dates could not be saved: ${saveProblem}` : null, last.note].filter(
    (n): n is string => n !== null,
  );

  return {
    status: 'ok',
    ...(notes.length > 0 ? { error: clip(notes.join('; '), LIMITS.maxErrorMessage) } : {}),
    ...base,
    pendingCount: merged.pending.length,
    securityPendingCount: merged.pending.filter((p) => p.security).length,
    oldestSecurityPendingSince: merged.oldestSecurityPendingSince,
    pending: [...merged.pending]
      .sort((a, b) => Number(b.security) - Number(a.security))
      .slice(0, LIMITS.maxPendingUpdates)
      .map((p) => ({ ...p, name: clip(p.name), version: clip(p.version ?? '') })),
  };
}

/** InstallHistory.plist has exact dates; `softwareupdate --history` prints the Mac's own date format. */
async function lastInstall(host: Host): Promise<{ at: Date | null; note: string | null }> {
  const plist = await readPlistFile(host, INSTALL_HISTORY_PLIST, 16 * 1024 * 1024);
  const fromPlist = lastOsInstallFromHistoryPlist(plist);
  if (fromPlist) return { at: fromPlist, note: null };
  const r = await host.run('softwareupdate', SWU_HISTORY_ARGS, { timeoutMs: 30_000 });
  if (r.exitCode !== 0) return { at: null, note: null };
  const h = parseSoftwareUpdateHistory(r.stdout);
  return 'unreadable' in h ? { at: null, note: h.unreadable } : { at: h.lastInstalledAt, note: null };
}
