import { LIMITS, type Account } from '@safefleet/protocol';
import { describeFailure, type Host } from '../../exec/index.js';
import type { CollectContext, GroupInput } from '../types.js';
import {
  buildDarwinAccount,
  fileTimeToDate,
  hasLoginShell,
  isHumanCandidate,
  parseAccountPolicyData,
  parseDsclAttribute,
  parseDsclUserList,
  parseReadplPasswordTime,
  type DsclUser,
} from './darwin.parse.js';

export const DSCL_LIST_ARGS = ['.', '-list', '/Users', 'UniqueID'];
export const dsclReadArgs = (user: string, key: string) => ['.', '-read', `/Users/${user}`, key];
export const dsclReadplPasswordArgs = (user: string) => ['.', '-readpl', `/Users/${user}`, 'accountPolicyData', 'passwordLastSetTime'];

const OPTS = { timeoutMs: 10_000 };

/** People's accounts (uid ≥ 501, not `_service` accounts, with a login shell) and their password dates. */
export async function collectAccountsDarwin(ctx: CollectContext): Promise<GroupInput<'accounts'>> {
  const { host } = ctx;
  const list = await host.run('dscl', DSCL_LIST_ARGS, OPTS);
  const failure = describeFailure('dscl . -list /Users', list);
  if (failure) return { status: 'error', error: `The list of accounts could not be read: ${failure}` };

  const candidates = parseDsclUserList(list.stdout)
    .filter(isHumanCandidate)
    .sort((a, b) => a.uid - b.uid)
    .slice(0, LIMITS.maxAccounts);
  const accounts: Account[] = [];
  // A few at a time: each account is up to five small dscl calls.
  for (let i = 0; i < candidates.length; i += 4) {
    const batch = await Promise.all(candidates.slice(i, i + 4).map((u) => readAccount(host, u)));
    for (const a of batch) if (a) accounts.push(a);
  }
  return { status: 'ok', accounts };
}

async function readAccount(host: Host, u: DsclUser): Promise<Account | null> {
  const [shell, node, readpl] = await Promise.all([
    host.run('dscl', dsclReadArgs(u.username, 'UserShell'), OPTS),
    host.run('dscl', dsclReadArgs(u.username, 'OriginalNodeName'), OPTS),
    host.run('dscl', dsclReadplPasswordArgs(u.username), OPTS),
  ]);
  if (!hasLoginShell(shell.exitCode === 0 ? parseDsclAttribute(shell.stdout, 'UserShell') : null)) return null;

  const originalNodeName = node.exitCode === 0 ? parseDsclAttribute(node.stdout, 'OriginalNodeName') : null;
  let localPasswordSetAt = readpl.exitCode === 0 ? parseReadplPasswordTime(readpl.stdout) : null;
  let problem: string | null = null;
  if (!localPasswordSetAt) {
    // Older macOS, or readpl refused: the whole accountPolicyData plist.
    const r = await host.run('dscl', dsclReadArgs(u.username, 'accountPolicyData'), OPTS);
    const policy = r.exitCode === 0 ? parseAccountPolicyData(r.stdout) : null;
    localPasswordSetAt = policy?.passwordLastSetAt ?? null;
    if (!policy?.hasPolicyData && r.exitCode !== 0 && !/No such key/i.test(r.stderr)) {
      problem = describeFailure('dscl accountPolicyData', r);
    }
  }
  let smbPasswordSetAt: Date | null = null;
  if (originalNodeName !== null) {
    const r = await host.run('dscl', dsclReadArgs(u.username, 'SMBPasswordLastSet'), OPTS);
    smbPasswordSetAt = r.exitCode === 0 ? fileTimeToDate(parseDsclAttribute(r.stdout, 'SMBPasswordLastSet')) : null;
  }
  return buildDarwinAccount({ username: u.username, uid: u.uid, originalNodeName, localPasswordSetAt, smbPasswordSetAt, problem });
}
