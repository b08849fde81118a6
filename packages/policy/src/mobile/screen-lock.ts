import type { Finding } from '@safefleet/protocol';
import { finding, groupProblem } from '../controls/finding.js';
import type { ControlInput } from '../types.js';
import { osName, reporter } from './words.js';

/** Whether a passcode is set: true/false/null from the screen-lock facts (source "passcode"). */
export function passcodeOf(input: Pick<ControlInput, 'facts'>): boolean | null {
  const group = input.facts.screenLock;
  if (group.status !== 'ok' || group.users.length === 0) return null;
  const values = group.users.map((u) => u.lockEnabled);
  if (values.includes(false)) return false;
  if (values.includes(null)) return null;
  return true;
}

/** screen-lock for tablets and phones: a passcode is set (the OS locks the screen with it). */
export function checkMobileScreenLock(input: ControlInput): Finding {
  const who = reporter(input.device);
  const name = osName(input.facts.os.platform);
  const problem = groupProblem(input.facts.screenLock, 'the passcode on this device');
  if (problem) return finding('screen-lock', input, 'unknown', problem);
  const passcode = passcodeOf(input);
  const details = { passcode };
  if (passcode === true) {
    return finding('screen-lock', input, 'pass', `${who} reports a passcode is set, so ${name} locks the screen with it when idle.`, { details });
  }
  if (passcode === false) {
    return finding('screen-lock', input, 'fail', `${who} reports no passcode is set, so anyone who picks the device up can use it.`, {
      details,
      resolution: `Set a passcode: on an iPad or iPhone open Settings > Face ID & Passcode (or Touch ID & Passcode); on Android open Settings > Security > Screen lock. Set Auto-Lock to a few minutes. If you are not sure how, ask your IT lead.`,
    });
  }
  return finding('screen-lock', input, 'unknown', `${who} did not say whether a passcode is set.`, { details });
}
