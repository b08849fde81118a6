import type { ScreenLockUser } from '@safefleet/protocol';
import { describeFailure, type Host } from '../../exec/index.js';
import { clip, type CollectContext, type GroupInput } from '../types.js';
import {
  macScreenLockUser,
  parseConsoleOwner,
  parseIdleTime,
  parseIdP,
  parsePmsetDisplaySleep,
  parseScreenLockStatus,
  parseWhoConsoleUsers,
} from './darwin.parse.js';

export const STAT_CONSOLE_ARGS = ['-f', '%Su', '/dev/console'];
export const idPArgs = (user: string) => ['-P', user];
export const SCREENLOCK_ARGS = ['-screenLock', 'status'];
export const IDLETIME_ARGS = ['-currentHost', 'read', 'com.apple.screensaver', 'idleTime'];
export const PMSET_ARGS = ['-g'];

export const NO_MAC_SESSION = 'No one is signed in at the Mac’s screen, so the screen-lock setting cannot be read';

/**
 * Screen lock is each person's own setting: it is read for everyone signed in at the screen
 * (the console owner and, with fast user switching, the others on `who`), as that person.
 * Display sleep (pmset) is machine-wide.
 */
export async function collectScreenLockDarwin(ctx: CollectContext): Promise<GroupInput<'screenLock'>> {
  const { host } = ctx;
  const [owner, who, pmset] = await Promise.all([
    host.run('stat', STAT_CONSOLE_ARGS, { timeoutMs: 10_000 }),
    host.run('who', [], { timeoutMs: 10_000 }),
    host.run('pmset', PMSET_ARGS, { timeoutMs: 10_000 }),
  ]);
  const first = owner.exitCode === 0 ? parseConsoleOwner(owner.stdout) : null;
  const others = who.exitCode === 0 ? parseWhoConsoleUsers(who.stdout) : [];
  const people = [...(first ? [first] : []), ...others.filter((u) => u !== first)];
  if (people.length === 0) return { status: 'unsupported', error: NO_MAC_SESSION };

  const displaySleep = pmset.exitCode === 0 ? parsePmsetDisplaySleep(pmset.stdout) : null;
  const results = await Promise.all(people.map((u) => readUser(host, u, displaySleep)));
  const users = results.map((r) => r.user);
  if (users.some((u) => u.lockEnabled !== null || u.idleSeconds !== null)) return { status: 'ok', users };
  const problems = results.flatMap((r) => (r.problem ? [r.problem] : []));
  return { status: 'error', error: clip(problems.join('; ') || 'The screen-lock settings could not be read', 2000), users };
}

async function readUser(host: Host, user: string, displaySleep: number | null): Promise<{ user: ScreenLockUser; problem?: string }> {
  const idr = await host.run('id', idPArgs(user), { timeoutMs: 10_000 });
  const ids = idr.exitCode === 0 ? parseIdP(idr.stdout) : null;
  if (!ids) {
    return { user: macScreenLockUser(user, null, null, displaySleep), problem: `${user}: ${describeFailure('id -P', idr) ?? 'unknown account'}` };
  }
  // As that person: both tools read the signed-in user's own preferences.
  const opts = { uid: ids.uid, gid: ids.gid, timeoutMs: 15_000, env: { HOME: ids.home, USER: user, LOGNAME: user } };
  const [lock, idle] = await Promise.all([host.run('sysadminctl', SCREENLOCK_ARGS, opts), host.run('defaults', IDLETIME_ARGS, opts)]);
  const setting = parseScreenLockStatus(`${lock.stderr}\n${lock.stdout}`);
  const result = macScreenLockUser(user, setting, parseIdleTime(idle.stdout, idle.stderr), displaySleep);
  const problem =
    setting === null ? `${user}: ${describeFailure('sysadminctl -screenLock status', lock) ?? 'sysadminctl gave no screen-lock answer'}` : undefined;
  return problem ? { user: result, problem } : { user: result };
}
