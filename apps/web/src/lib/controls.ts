import { CONTROL_IDS, type ControlId, type FindingStatus } from '@safefleet/protocol';

/** Control titles as the CAUK pack words them (packages/policy/src/packs/cauk.ts). */
export const CONTROL_TITLES: Record<ControlId, string> = {
  antivirus: 'Antivirus',
  antispyware: 'Anti-spyware',
  'os-updates': 'Operating system updates',
  'password-age': 'Password changed every quarter',
  'social-apps': 'No social media or messaging apps',
  'disk-encryption': 'Disk encryption',
  'screen-lock': 'Screen lock',
  'agent-checkin': 'Device checks in',
};

/** Short column headings for tables and CSV. */
export const CONTROL_SHORT: Record<ControlId, string> = {
  antivirus: 'Antivirus',
  antispyware: 'Anti-spyware',
  'os-updates': 'Updates',
  'password-age': 'Passwords',
  'social-apps': 'Social apps',
  'disk-encryption': 'Encryption',
  'screen-lock': 'Screen lock',
  'agent-checkin': 'Check-in',
};

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
