import { DEFAULT_POLICY } from '@safefleet/policy';
import { PolicySettings, type PolicyException } from '@safefleet/protocol';
import type { Repositories } from '../db/repositories/index.js';
import type { Log } from './context.js';

/** The stored policy (defaults filled in), or DEFAULT_POLICY when none was saved or it is unreadable. */
let parsedPolicy: { json: string; policy: PolicySettings } | undefined;

export function loadPolicy(r: Repositories, log?: Log): PolicySettings {
  const json = r.policy.getSettingsJson();
  if (!json) return DEFAULT_POLICY;
  // Read on every report (so a change applies at once) but parsed only when the stored text changed.
  if (parsedPolicy?.json === json) return parsedPolicy.policy;
  try {
    const parsed = PolicySettings.safeParse(JSON.parse(json));
    if (parsed.success) {
      parsedPolicy = { json, policy: parsed.data };
      return parsed.data;
    }
    log?.error({ issues: parsed.error.issues.slice(0, 5) }, 'stored policy settings are invalid; using the defaults');
  } catch (err) {
    log?.error({ err }, 'stored policy settings are not JSON; using the defaults');
  }
  return DEFAULT_POLICY;
}

export function loadExceptions(r: Repositories, now: Date): PolicyException[] {
  return r.policy.activeExceptions(now.toISOString());
}
