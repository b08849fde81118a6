import { z } from 'zod';
import { IsoDateTime } from '../facts/common.js';

/** What a device is. Agents report laptops and desktops; MDM, CSV and keeper check-ins add tablets and phones. */
export const DEVICE_KINDS = ['laptop', 'desktop', 'tablet', 'phone'] as const;
export const DeviceKind = z.enum(DEVICE_KINDS);
export type DeviceKind = z.infer<typeof DeviceKind>;
export const DEVICE_KIND_LABELS: Record<DeviceKind, string> = {
  laptop: 'Laptop',
  desktop: 'Desktop',
  tablet: 'Tablet',
  phone: 'Phone',
};

/** Device management services and exports a device's facts can come from. */
export const MDM_PROVIDERS = ['google-workspace', 'intune', 'jamf', 'csv'] as const;
export const MdmProvider = z.enum(MDM_PROVIDERS);
export type MdmProvider = z.infer<typeof MdmProvider>;
export const MDM_PROVIDER_LABELS: Record<MdmProvider, string> = {
  'google-workspace': 'Google Workspace',
  intune: 'Microsoft Intune',
  jamf: 'Jamf',
  csv: 'a CSV import',
};

/**
 * Where a device's facts come from, which is how sure the console can be:
 * the agent checks the device itself; an MDM reports what it manages; the keeper confirms by hand.
 */
export const DeviceSource = z.discriminatedUnion('type', [
  z.object({ type: z.literal('agent') }),
  z.object({ type: z.literal('mdm'), provider: MdmProvider }),
  /** confirmedAt: the keeper's last check-in; null until the first one. */
  z.object({ type: z.literal('keeper'), confirmedAt: IsoDateTime.nullable() }),
]);
export type DeviceSource = z.infer<typeof DeviceSource>;

export const SOURCE_TYPES = ['agent', 'mdm', 'keeper'] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];
export const SOURCE_TYPE_LABELS: Record<SourceType, string> = {
  agent: 'Safefleet agent',
  mdm: 'Device management (MDM) or import',
  keeper: 'Keeper check-in',
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "3 Dec 2026" (UTC). */
export function shortDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/**
 * The assurance level in words, shown on every device: "Checked by the Safefleet agent",
 * "Reported by Google Workspace", "Imported from a CSV file", "Confirmed by the keeper on 3 Dec 2026".
 */
export function assuranceText(source: DeviceSource): string {
  switch (source.type) {
    case 'agent':
      return 'Checked by the Safefleet agent';
    case 'mdm':
      if (source.provider === 'csv') return 'Imported from a CSV file';
      if (source.provider === 'jamf') return 'Imported from a Jamf export';
      return `Reported by ${MDM_PROVIDER_LABELS[source.provider]}`;
    case 'keeper':
      return source.confirmedAt ? `Confirmed by the keeper on ${shortDate(source.confirmedAt)}` : 'Waiting for the keeper’s first check-in';
  }
}
