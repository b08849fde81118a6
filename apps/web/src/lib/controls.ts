import { CONTROL_IDS, type ControlId, type FindingStatus } from '@safefleet/protocol';

// Control titles and short headings: CONTROLS[id].title / .shortTitle from @safefleet/protocol.

export const FINDING_LABELS: Record<FindingStatus, string> = {
  pass: 'Pass',
  grace: 'In grace period',
  fail: 'Fail',
  unknown: 'Unknown',
};

/** Short words for narrow table cells (always words, never colour alone). */
export const FINDING_SHORT: Record<FindingStatus, string> = {
  pass: 'Pass',
  grace: 'Grace',
  fail: 'Fail',
  unknown: 'Unknown',
};

export const FINDING_ICONS: Record<FindingStatus, string> = {
  pass: '✓',
  grace: '◔',
  fail: '✕',
  unknown: '?',
};

export { CONTROL_IDS };

export function isControlId(value: string): value is ControlId {
  return (CONTROL_IDS as readonly string[]).includes(value);
}
