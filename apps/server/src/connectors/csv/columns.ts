/**
 * The column sets a CSV import understands. Headers are matched case-insensitively, ignoring
 * spaces, dashes and underscores. A file is recognised by its headers, so an export can be imported
 * as it comes. Fields Safefleet reads, and the header names each export uses for them:
 */
export type Field =
  | 'serial'
  | 'name'
  | 'kind'
  | 'platform'
  | 'osVersion'
  | 'securityPatch'
  | 'encrypted'
  | 'passcode'
  | 'apps'
  | 'keeperEmail'
  | 'keeperName'
  | 'lastSync'
  | 'model'
  | 'compromised';

export interface ColumnSet {
  id: 'safefleet' | 'intune' | 'jamf';
  label: string;
  provider: 'csv' | 'intune' | 'jamf';
  /** Header names per field; the first is the one docs/tablets.md lists. */
  columns: Partial<Record<Field, string[]>>;
  /** Fields that must have a column for the set to be recognised. */
  required: Field[];
}

export const COLUMN_SETS: ColumnSet[] = [
  {
    id: 'safefleet',
    label: 'Safefleet CSV',
    provider: 'csv',
    columns: {
      serial: ['serial'],
      name: ['name'],
      kind: ['kind'],
      platform: ['platform'],
      osVersion: ['osVersion'],
      securityPatch: ['securityPatch'],
      encrypted: ['encrypted'],
      passcode: ['passcode'],
      apps: ['apps'],
      keeperEmail: ['keeperEmail'],
      keeperName: ['keeperName'],
      lastSync: ['lastSync'],
      model: ['model'],
    },
    required: ['serial', 'name', 'kind', 'platform'],
  },
  {
    // Intune admin center > Devices > All devices > Export.
    id: 'intune',
    label: 'Microsoft Intune device export',
    provider: 'intune',
    columns: {
      serial: ['Serial number'],
      name: ['Device name'],
      platform: ['OS'],
      osVersion: ['OS version'],
      securityPatch: ['Security patch level'],
      encrypted: ['Encrypted'],
      compromised: ['Jailbroken'],
      keeperEmail: ['Primary user UPN', 'Primary user email address'],
      keeperName: ['Primary user display name'],
      lastSync: ['Last check-in'],
      model: ['Model'],
    },
    required: ['serial', 'name', 'platform', 'osVersion'],
  },
  {
    // Jamf Pro > Mobile Devices > Search inventory > Export (CSV) with these display fields.
    id: 'jamf',
    label: 'Jamf Pro mobile device export',
    provider: 'jamf',
    columns: {
      serial: ['Serial Number'],
      name: ['Mobile Device Name', 'Display Name'],
      osVersion: ['iOS Version', 'OS Version'],
      passcode: ['Passcode Status', 'Passcode Present'],
      encrypted: ['Data Protection', 'Block Encryption Capability'],
      keeperEmail: ['Email Address'],
      keeperName: ['Full Name'],
      lastSync: ['Last Inventory Update'],
      model: ['Model'],
      platform: ['Device Type', 'Platform'],
    },
    required: ['serial', 'name', 'osVersion'],
  },
];

export const normHeader = (h: string) =>
  h
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '');

/** The column set these headers belong to and the index of each field, or null. */
export function detectColumns(headers: string[]): { set: ColumnSet; index: Partial<Record<Field, number>> } | null {
  const norm = headers.map(normHeader);
  for (const set of COLUMN_SETS) {
    const index: Partial<Record<Field, number>> = {};
    for (const [field, names] of Object.entries(set.columns) as [Field, string[]][]) {
      const at = names.map((n) => norm.indexOf(normHeader(n))).find((i) => i >= 0);
      if (at !== undefined) index[field] = at;
    }
    if (set.required.every((f) => index[f] !== undefined)) return { set, index };
  }
  return null;
}
