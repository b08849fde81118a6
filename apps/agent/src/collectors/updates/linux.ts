import { gunzipSync } from 'node:zlib';
import { LIMITS } from '@safefleet/protocol';
import { describeFailure, type Host } from '../../exec/index.js';
import { clip, type CollectContext, type GroupInput } from '../types.js';
import { loadFirstSeen, mergeFirstSeen, saveFirstSeen } from './first-seen.js';
import {
  dedupePending,
  lastAptUpgradeAt,
  parseAptHistory,
  parseAptUpgradable,
  parseDnfCheckUpdate,
  parseDnfSecurityNames,
  parseRpmLastInstall,
  type PendingPackage,
} from './linux.parse.js';

export const APT_ARGS = ['list', '--upgradable'];
/** --cacheonly: like apt, read the metadata the system already has; never hit the network. */
export const DNF_CHECK_ARGS = ['check-update', '--quiet', '--cacheonly'];
export const DNF_SECURITY_ARGS = ['updateinfo', 'list', '--security', '--quiet', '--cacheonly'];
export const RPM_INSTALLTIME_ARGS = ['-qa', '--qf', '%{INSTALLTIME}\\n'];
const APT_HISTORY = '/var/log/apt/history.log';
const MAX_HISTORY_BYTES = 8 * 1024 * 1024;

type Found =
  | { source: 'apt' | 'dnf'; pending: PendingPackage[] /** Why security updates cannot be told apart. */; securityUnknown?: string }
  | { source: 'apt' | 'dnf'; error: string };

/**
 * Pending updates come from the package lists the system already has: we never run
 * `apt-get update` ourselves (the OS's own timers do that).
 */
export async function collectUpdatesLinux(ctx: CollectContext): Promise<GroupInput<'updates'>> {
  const { host } = ctx;
  const [apt, dnf] = await Promise.all([host.which('apt'), host.which('dnf')]);
  if (!apt && !dnf) {
    return { status: 'unsupported', error: 'No supported update manager (apt or dnf) was found on this Linux system' };
  }
  const [found, lastInstalled] = await Promise.all([apt ? aptPending(host) : dnfPending(host), apt ? aptLastUpgrade(host) : rpmLastInstall(host)]);
  const lastInstalledAt = lastInstalled ? lastInstalled.toISOString() : null;
  if ('error' in found) return { status: 'error', error: clip(found.error, LIMITS.maxErrorMessage), source: found.source, lastInstalledAt };

  const previous = ctx.stateDir ? await loadFirstSeen(ctx.stateDir) : {};
  const merged = mergeFirstSeen(previous, found.pending, ctx.now);
  // The facts are still good if the state file cannot be written; say so rather than fail the group.
  const saveProblem = ctx.stateDir
    ? await saveFirstSeen(ctx.stateDir, merged.map).then(
        () => null,
        (e: unknown) => (e instanceof Error ? e.message : String(e)),
      )
    : null;

  const notes = [
    saveProblem ? `Pending updates were read, but their first-seen dates could not be saved: ${saveProblem}` : null,
    found.securityUnknown ?? null,
  ].filter((n): n is string => n !== null);
  // Without the advisory list, "0 security updates" would be a guess: say unknown instead.
  const securityKnown = !found.securityUnknown;

  return {
    status: 'ok',
    ...(notes.length > 0 ? { error: clip(notes.join('; '), LIMITS.maxErrorMessage) } : {}),
    source: found.source,
    pendingCount: merged.pending.length,
    securityPendingCount: securityKnown ? merged.pending.filter((p) => p.security).length : null,
    lastInstalledAt,
    oldestSecurityPendingSince: securityKnown ? merged.oldestSecurityPendingSince : null,
    // Security updates first, so they survive the cut if the list is ever longer than the limit.
    pending: [...merged.pending]
      .sort((a, b) => Number(b.security) - Number(a.security))
      .slice(0, LIMITS.maxPendingUpdates)
      .map((p) => ({ ...p, name: clip(p.name), version: clip(p.version ?? '') })),
  };
}

async function aptPending(host: Host): Promise<Found> {
  const lists = await host.listDir('/var/lib/apt/lists');
  if (lists && !lists.some((n) => /_Packages(\.\w+)?$/.test(n))) {
    return { source: 'apt', error: 'apt has no package lists yet (apt-get update has never run), so pending updates cannot be known' };
  }
  const r = await host.run('apt', APT_ARGS, { timeoutMs: 60_000 });
  const failure = describeFailure('apt list --upgradable', r);
  // stderr always carries "WARNING: apt does not have a stable CLI interface": that is normal.
  if (failure) return { source: 'apt', error: failure };
  return { source: 'apt', pending: dedupePending(parseAptUpgradable(r.stdout)) };
}

async function dnfPending(host: Host): Promise<Found> {
  const [check, sec] = await Promise.all([
    host.run('dnf', DNF_CHECK_ARGS, { timeoutMs: 120_000 }),
    host.run('dnf', DNF_SECURITY_ARGS, { timeoutMs: 120_000 }),
  ]);
  // Exit 100 = updates available, 0 = none, anything else = error.
  if (check.exitCode !== 0 && check.exitCode !== 100) {
    return { source: 'dnf', error: describeFailure('dnf check-update', check) ?? 'dnf check-update failed' };
  }
  const security = sec.exitCode === 0 ? parseDnfSecurityNames(sec.stdout) : new Set<string>();
  const pending = dedupePending(parseDnfCheckUpdate(check.stdout).map((u) => ({ name: u.name, version: u.version, security: security.has(u.name) })));
  const secFailure = sec.exitCode === 0 ? null : (describeFailure('dnf updateinfo --security', sec) ?? 'dnf updateinfo --security failed');
  // Nothing pending needs no advisory list; otherwise a failed list leaves "which are security" unknown.
  return secFailure && pending.length > 0
    ? { source: 'dnf', pending, securityUnknown: `Which pending updates are security updates is not known: ${secFailure}` }
    : { source: 'dnf', pending };
}

/** The current history.log, and the newest rotated one only if the current has no upgrade yet. */
async function aptLastUpgrade(host: Host): Promise<Date | null> {
  const current = await host.readFile(APT_HISTORY, { maxBytes: MAX_HISTORY_BYTES });
  const fromCurrent = current ? lastAptUpgradeAt(parseAptHistory(current)) : null;
  if (fromCurrent) return fromCurrent;
  const gz = await host.readFileBytes(`${APT_HISTORY}.1.gz`, MAX_HISTORY_BYTES);
  if (!gz) return null;
  try {
    const text = gunzipSync(gz, { maxOutputLength: MAX_HISTORY_BYTES * 4 }).toString('utf8');
    return lastAptUpgradeAt(parseAptHistory(text));
  } catch {
    return null;
  }
}

async function rpmLastInstall(host: Host): Promise<Date | null> {
  const r = await host.run('rpm', RPM_INSTALLTIME_ARGS, { timeoutMs: 60_000 });
  return r.exitCode === 0 ? parseRpmLastInstall(r.stdout) : null;
}
