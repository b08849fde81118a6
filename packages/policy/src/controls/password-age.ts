import type { Account, Finding, FindingStatus } from '@safefleet/protocol';
import type { ControlInput } from '../types.js';
import { addDays, ageInDays, daysAgo, implausibleDate, isoDate, parseDate } from '../util/dates.js';
import { q, sentences } from '../util/text.js';
import { finding, groupProblem, worst } from './finding.js';

/** One personal account's result; `details.accounts` carries these for alerts and keeper prompts. */
export interface AccountPasswordResult {
  username: string;
  ageDays: number | null;
  status: FindingStatus;
  /** When the password must be changed by (lastSet + maxAgeDays); null when not known. */
  dueAt: string | null;
  sentence: string;
}

function checkAccount(account: Account, maxAgeDays: number, graceDays: number, now: Date): AccountPasswordResult {
  // A directory's date (e.g. Microsoft 365) names the person and the directory it came from.
  const name = account.dateSource
    ? `${account.person ? `${account.person}’s ` : ''}${account.dateSource} account ${q(account.username)}`
    : `account ${q(account.username)}`;
  const reported = parseDate(account.passwordLastSetAt);
  const wrongDate = reported ? implausibleDate(reported, now) : null;
  if (reported && wrongDate && !account.mustChangeAtNextLogin) {
    return {
      username: account.username,
      ageDays: null,
      dueAt: null,
      status: 'unknown',
      sentence: `Safefleet cannot tell when the password for ${name} was last changed: ${wrongDate}.`,
    };
  }
  const lastSet = wrongDate ? null : reported;
  const ageDays = lastSet ? ageInDays(lastSet, now) : null;
  const dueDate = lastSet ? addDays(lastSet, maxAgeDays) : null;
  const base = { username: account.username, ageDays, dueAt: dueDate ? dueDate.toISOString() : null };
  const limit = `(the limit is ${maxAgeDays})`;

  if (account.mustChangeAtNextLogin) {
    return {
      ...base,
      status: 'fail',
      sentence: `Password for ${name} has expired or was reset: it must be changed at the next sign-in.`,
    };
  }
  if (lastSet === null || ageDays === null || dueDate === null) {
    const why = account.note?.trim() ? ` (${account.note.trim().replace(/[.\s]+$/, '')})` : '';
    return {
      ...base,
      status: 'unknown',
      sentence: `Safefleet could not tell when the password for ${name} was last changed${why}.`,
    };
  }
  const changed = `Password for ${name} was last changed ${daysAgo(ageDays)}`;
  if (ageDays > maxAgeDays) {
    return { ...base, status: 'fail', sentence: `${changed} ${limit}.` };
  }
  if (ageDays >= maxAgeDays - graceDays) {
    return {
      ...base,
      status: 'grace',
      sentence: `${changed} ${limit}: please change it by ${isoDate(dueDate)}.`,
    };
  }
  // A date, not "N days ago", so a passing reason stays the same from one day to the next.
  return {
    ...base,
    status: 'pass',
    sentence: `Password for ${name} was last changed on ${isoDate(lastSet)} (within the ${maxAgeDays}-day limit).`,
  };
}

/**
 * password-age: every personal (isHuman) account changed its password within passwordAge.maxAgeDays;
 * grace from maxAgeDays − graceDays (day 76 of 90 by default). Combined worst-first:
 * fail > grace > unknown > pass, so one unreadable account never hides behind a pass.
 */
export function checkPasswordAge(input: ControlInput): Finding {
  const { facts, policy, now } = input;
  const group = facts.accounts;
  const { maxAgeDays, graceDays } = policy.passwordAge;
  const problem = groupProblem(group, 'when passwords were last changed');
  if (problem) return finding('password-age', input, 'unknown', problem);

  const humans = group.accounts.filter((a) => a.isHuman);
  if (humans.length === 0) {
    const others = group.accounts.length;
    const reason =
      others === 0
        ? 'No personal accounts found on this device.'
        : `No personal account with a password was found on this device (${others} account${others === 1 ? ' has' : 's have'} no usable password).`;
    return finding('password-age', input, 'unknown', reason, {
      details: { accounts: [] },
      resolution:
        'Nothing to change on this device. If a person signs in to it with a password, make sure the agent runs as root or Administrator so it can read password dates.',
    });
  }

  const results = humans.map((a) => checkAccount(a, maxAgeDays, graceDays, now));
  const status = worst(results.map((r) => r.status));
  const details = {
    maxAgeDays,
    graceDays,
    accounts: results.map(({ username, ageDays, status: s, dueAt }) => ({ username, ageDays, status: s, dueAt })),
  };
  // Problems first, so the accounts that need action lead the sentence (and survive clipping).
  const order: FindingStatus[] = ['fail', 'grace', 'unknown', 'pass'];
  const ordered = [...results].sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status));
  const grace = results.filter((r) => r.status === 'grace' && r.dueAt !== null);
  const earliestDue = grace.map((r) => r.dueAt!).sort()[0];
  return finding('password-age', input, status, sentences(...ordered.map((r) => r.sentence)), {
    details,
    ...(status === 'grace' && earliestDue ? { dueAt: new Date(earliestDue) } : {}),
  });
}
