import { deviceStatus, evaluateCheckin } from '@safefleet/policy';
import type { ControlId, DeviceSource, DeviceStatus, Finding, FindingStatus, PolicySettings } from '@safefleet/protocol';

/** UTC calendar day, 'YYYY-MM-DD' (daily snapshots are kept per UTC day). */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/**
 * The findings as they stand at `now`: the stored agent-checkin finding is replaced by one computed
 * from lastSeenAt, so a silent device reads as stale even before the scheduler records it.
 * A device that never reported has no findings and stays "not evaluated".
 */
export function withCheckin(findings: Finding[], lastSeenAt: string | null, policy: PolicySettings, now: Date, source?: DeviceSource): Finding[] {
  if (findings.length === 0) return findings;
  if (policy.disabledControls.includes('agent-checkin')) return findings;
  const checkin = evaluateCheckin(lastSeenAt ? new Date(lastSeenAt) : null, policy, now, source);
  let replaced = false;
  const out = findings.map((f) => {
    if (f.control !== 'agent-checkin') return f;
    replaced = true;
    return checkin;
  });
  return replaced ? out : [...out, checkin];
}

export function statusOf(findings: Finding[]): DeviceStatus {
  return deviceStatus(findings.length === 0 ? null : findings);
}

export function failingControls(findings: Pick<Finding, 'control' | 'status'>[]): ControlId[] {
  return findings.filter((f) => f.status === 'fail').map((f) => f.control);
}

export function controlStatuses(findings: Pick<Finding, 'control' | 'status'>[]): Partial<Record<ControlId, FindingStatus>> {
  const out: Partial<Record<ControlId, FindingStatus>> = {};
  for (const f of findings) out[f.control] = f.status;
  return out;
}

/** Controls whose status differs between two finding lists. */
export function changedControls(before: Finding[], after: Finding[]): ControlId[] {
  const prev = controlStatuses(before);
  const next = controlStatuses(after);
  const ids = new Set<ControlId>([...(Object.keys(prev) as ControlId[]), ...(Object.keys(next) as ControlId[])]);
  return [...ids].filter((c) => prev[c] !== next[c]);
}

/**
 * True when any control's status or wording differs. A passing check-in's wording carries the time
 * of the last check-in, which moves with every report: that alone is not a change worth an event.
 */
export function findingsDiffer(before: Finding[], after: Finding[]): boolean {
  if (before.length !== after.length) return true;
  const key = (f: Finding) => `${f.control}\u0000${f.status}\u0000${f.control === 'agent-checkin' && f.status === 'pass' ? '' : f.reason}`;
  const a = new Set(before.map(key));
  return after.some((f) => !a.has(key(f)));
}
