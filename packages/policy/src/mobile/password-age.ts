import type { Finding, PasswordAgeDetails } from '@safefleet/protocol';
import { finding, groupProblem } from '../controls/finding.js';
import type { ControlInput } from '../types.js';
import { addDays, ageInDays, isoDate, parseDate } from '../util/dates.js';
import { plural } from '../util/text.js';
import { reporter } from './words.js';

/**
 * password-age for tablets and phones: the passcode was last changed (as the keeper confirmed at a
 * check-in) within passwordAge.maxAgeDays; grace from maxAgeDays − graceDays. The quarterly
 * check-in is the passcode-change prompt.
 */
export function checkMobilePasscodeAge(input: ControlInput): Finding {
  const { facts, policy, now, device } = input;
  const { maxAgeDays, graceDays } = policy.passwordAge;
  const problem = groupProblem(facts.accounts, 'when the passcode was last changed');
  if (problem) return finding('password-age', input, 'unknown', problem);
  const passcode = facts.accounts.accounts.find((a) => a.source === 'passcode');
  const resolution =
    'Change the passcode (Settings > Face ID & Passcode on an iPad, Settings > Security > Screen lock on Android), then confirm it on the Safefleet check-in page your IT lead sent.';
  const lastSet = parseDate(passcode?.passwordLastSetAt);
  if (!passcode || !lastSet) {
    return finding(
      'password-age',
      input,
      'unknown',
      `${reporter(device)} does not say when the passcode was last changed; the keeper confirms it at each quarterly check-in.`,
      {
        details: { accounts: [] },
        resolution,
      },
    );
  }
  const age = ageInDays(lastSet, now);
  const dueAt = addDays(lastSet, maxAgeDays);
  const who = passcode.person ?? passcode.username;
  const status = age > maxAgeDays ? 'fail' : age >= maxAgeDays - graceDays ? 'grace' : 'pass';
  const details: PasswordAgeDetails = {
    maxAgeDays,
    graceDays,
    accounts: [{ username: passcode.username, ageDays: age, status, dueAt: dueAt.toISOString() }],
  };
  const said = `The passcode was last changed on ${isoDate(lastSet)}, as ${who} confirmed`;
  if (status === 'fail')
    return finding('password-age', input, 'fail', `${said}: ${plural(age, 'day')} ago (the limit is ${maxAgeDays}).`, { details, resolution });
  if (status === 'grace')
    return finding('password-age', input, 'grace', `${said}: please change it by ${isoDate(dueAt)}.`, { details, resolution, dueAt });
  return finding('password-age', input, 'pass', `${said} (within the ${maxAgeDays}-day limit).`, { details, resolution });
}
