import type { Finding, FindingStatus, ScreenLockUser } from '@safefleet/protocol';
import type { ControlInput } from '../types.js';
import { duration, plural, q, sentences } from '../util/text.js';
import { finding, groupProblem, worst } from './finding.js';

interface UserResult {
  user: string;
  status: FindingStatus;
  /** Seconds from going idle to locking; null when not known or never. */
  lockAfterSeconds: number | null;
  sentence: string;
}

function checkUser(u: ScreenLockUser, maxSeconds: number, limit: string): UserResult {
  const who = `For ${q(u.user)}`;
  const total = u.idleSeconds !== null && u.idleSeconds > 0 ? u.idleSeconds + (u.lockDelaySeconds ?? 0) : null;
  const base = { user: u.user, lockAfterSeconds: total };
  if (u.lockEnabled === false) {
    return { ...base, status: 'fail', sentence: `${who}, the screen does not lock with a password when it blanks.` };
  }
  if (u.idleSeconds === 0) {
    return { ...base, status: 'fail', sentence: `${who}, the screen never locks when the device is left idle (${limit}).` };
  }
  if (total !== null && total > maxSeconds) {
    return { ...base, status: 'fail', sentence: `${who}, the screen locks after ${duration(total)} idle (${limit}).` };
  }
  if (u.lockEnabled === null || total === null) {
    const missing = u.lockEnabled === null ? 'whether the screen locks with a password' : 'how long the screen waits before locking';
    return { ...base, status: 'unknown', sentence: `${who}, Safefleet could not tell ${missing}.` };
  }
  return { ...base, status: 'pass', sentence: `${who}, the screen locks after ${duration(total)} idle (${limit}).` };
}

/**
 * screen-lock: for every user with a desktop session, the screen locks with a password within
 * screenLock.maxIdleMinutes of going idle (blank delay + lock delay). Worst of: fail > unknown > pass.
 */
export function checkScreenLock(input: ControlInput): Finding {
  const group = input.facts.screenLock;
  const maxIdleMinutes = input.policy.screenLock.maxIdleMinutes;
  const problem = groupProblem(group, 'the screen-lock settings on this device');
  if (problem) return finding('screen-lock', input, 'unknown', problem);

  if (group.users.length === 0) {
    return finding(
      'screen-lock',
      input,
      'unknown',
      sentences(
        'No desktop session was found, so Safefleet could not read the screen-lock settings.',
        group.error ? `The agent said: ${group.error.trim()}` : null,
      ),
      { details: { maxIdleMinutes, users: [] } },
    );
  }

  const limit = `the limit is ${plural(maxIdleMinutes, 'minute')}`;
  const results = group.users.map((u) => checkUser(u, maxIdleMinutes * 60, limit));
  const status = worst(results.map((r) => r.status));
  const order: FindingStatus[] = ['fail', 'unknown', 'pass'];
  const ordered = [...results].sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status));
  return finding('screen-lock', input, status, sentences(...ordered.map((r) => r.sentence)), {
    details: {
      maxIdleMinutes,
      users: results.map(({ user, status: s, lockAfterSeconds }) => ({ user, status: s, lockAfterSeconds })),
    },
  });
}
