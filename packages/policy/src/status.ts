import type { DeviceStatus, Finding } from '@safefleet/protocol';

/**
 * A device's overall status from its latest findings, in this order:
 * none (never reported) → notEvaluated; agent-checkin fail → stale; any fail → noncompliant;
 * any grace → grace; every control other than agent-checkin unknown → notEvaluated; else compliant.
 */
export function deviceStatus(findings: Pick<Finding, 'control' | 'status'>[] | null): DeviceStatus {
  if (!findings || findings.length === 0) return 'notEvaluated';
  if (findings.some((f) => f.control === 'agent-checkin' && f.status === 'fail')) return 'stale';
  if (findings.some((f) => f.status === 'fail')) return 'noncompliant';
  if (findings.some((f) => f.status === 'grace')) return 'grace';
  if (findings.filter((f) => f.control !== 'agent-checkin').every((f) => f.status === 'unknown')) return 'notEvaluated';
  return 'compliant';
}
