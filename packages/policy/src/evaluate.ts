import { CONTROL_IDS, PolicySettings, type ControlId, type Facts, type Finding, type PolicyException } from '@safefleet/protocol';
import { checkAgentCheckin } from './controls/agent-checkin.js';
import { checkAntispyware } from './controls/antispyware.js';
import { checkAntivirus } from './controls/antivirus.js';
import { checkDiskEncryption } from './controls/disk-encryption.js';
import { finding } from './controls/finding.js';
import { checkOsUpdates } from './controls/os-updates.js';
import { checkPasswordAge } from './controls/password-age.js';
import { checkScreenLock } from './controls/screen-lock.js';
import { checkSocialApps } from './controls/social-apps.js';
import { checkSourceCheckin, isMobile, MOBILE_RULES } from './mobile/index.js';
import type { ControlInput, DeviceContext } from './types.js';
import type { DeviceSource } from '@safefleet/protocol';

/** The CAUK thresholds: PolicySettings.parse({}). Treat as read-only. */
export const DEFAULT_POLICY: PolicySettings = PolicySettings.parse({});

/** The rules that read the device's facts, one per control (agent-checkin is the console's). */
const FACT_RULES: Record<Exclude<ControlId, 'agent-checkin'>, (input: ControlInput) => Finding> = {
  antivirus: checkAntivirus,
  antispyware: checkAntispyware,
  'os-updates': checkOsUpdates,
  'password-age': checkPasswordAge,
  'social-apps': checkSocialApps,
  'disk-encryption': checkDiskEncryption,
  'screen-lock': checkScreenLock,
};

function disabled(control: ControlId): Finding {
  return finding(control, null, 'unknown', 'Switched off in this organisation’s policy.', {
    resolution: 'Nothing to do on this device. An IT lead can switch this check back on in the console’s policy settings.',
  });
}

/** A rule that throws is a bug; report it as unknown rather than lose every other finding. */
function safely(control: ControlId, input: ControlInput | null, run: () => Finding): Finding {
  try {
    return run();
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return finding(control, input, 'unknown', `Safefleet could not evaluate this check because of an internal error: ${why}`);
  }
}

/**
 * Checks one device's facts against a policy. Returns exactly one Finding per control, in
 * CONTROL_IDS order. Pure: no I/O, and `now` is the only clock.
 *
 * agent-checkin is pass/fail from `device.lastSeenAt` and policy.agentCheckin.windowHours, and
 * `unknown` ("checked by the console") when `device.lastSeenAt` is undefined. Controls listed in
 * policy.disabledControls are `unknown`, "Switched off in this organisation's policy".
 */
export function evaluate(facts: Facts, policy: PolicySettings, exceptions: PolicyException[], now: Date, device: DeviceContext = {}): Finding[] {
  const input: ControlInput = { facts, policy, exceptions, now, device };
  return CONTROL_IDS.map((id) => {
    if (policy.disabledControls.includes(id)) return disabled(id);
    if (id === 'agent-checkin') {
      if (device.lastSeenAt === undefined) {
        return finding(id, null, 'unknown', 'Checked by the console from when the device last reported, not from the device’s own facts.');
      }
      const lastSeenAt = device.lastSeenAt;
      return safely(id, null, () => evaluateCheckin(lastSeenAt, policy, now, device.source));
    }
    const rules = isMobile(facts) ? MOBILE_RULES : FACT_RULES;
    return safely(id, input, () => rules[id](input));
  });
}

/**
 * agent-checkin on its own, for the console's scheduler: pass when `lastSeenAt` is within
 * policy.agentCheckin.windowHours of `now`, fail when older or null (never seen).
 */
export function evaluateCheckin(lastSeenAt: Date | null, policy: PolicySettings, now: Date, source?: DeviceSource): Finding {
  if (policy.disabledControls.includes('agent-checkin')) return disabled('agent-checkin');
  // Tablets and phones (MDM, CSV, keeper): the source's own window (mobile/checkin.ts).
  if (source && source.type !== 'agent') return checkSourceCheckin(lastSeenAt, source, now);
  return checkAgentCheckin(lastSeenAt, policy, now);
}
