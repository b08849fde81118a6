import { z } from 'zod';
import { IsoDateTime, LIMITS, ShortString } from '../facts/common.js';
import { Facts, type FactsInput } from '../facts/index.js';
import { DeviceKind, type DeviceSource } from './source.js';

/**
 * One tablet or phone as an MDM, a CSV import or a keeper check-in describes it: the common shape
 * every non-agent source maps into. `mobileFacts` turns it into the same Facts the agent sends, so
 * tablets go through the same ingest, policy rules, alerts and reports as laptops. null = not said.
 */
export const MobileRecord = z.object({
  /** Matches existing devices; MDM records without one are matched on the source's own id. */
  serial: ShortString.nullable(),
  /** The source's own id (Google resourceId, Intune id); used when there is no serial. */
  sourceId: ShortString.optional(),
  name: ShortString,
  kind: DeviceKind,
  platform: z.enum(['android', 'ios', 'ipados']),
  osVersion: ShortString.nullable(),
  /** Android security patch level, YYYY-MM-DD. */
  securityPatch: ShortString.nullable(),
  model: ShortString.nullable().default(null),
  encrypted: z.boolean().nullable(),
  passcode: z.boolean().nullable(),
  /** Installed apps with package names (Android) or bundle ids (iOS); null = the source does not list apps. */
  apps: z
    .array(z.object({ id: ShortString, name: ShortString }))
    .max(LIMITS.maxApps)
    .nullable(),
  /** The MDM's verdict: rooted / jailbroken / threat found. */
  compromised: z.boolean().nullable().default(null),
  compromisedDetail: ShortString.optional(),
  keeperEmail: z.string().max(320).nullable(),
  keeperName: ShortString.nullable().default(null),
  /** When the source last heard from the device. */
  lastSync: IsoDateTime.nullable(),
  /** Keeper check-ins: when the keeper confirmed the passcode was changed. */
  passcodeChangedAt: IsoDateTime.nullable().default(null),
});
export type MobileRecord = z.infer<typeof MobileRecord>;
export type MobileRecordInput = z.input<typeof MobileRecord>;

const OS_NAMES = { android: 'Android', ios: 'iOS', ipados: 'iPadOS' } as const;

function why(source: DeviceSource): string {
  if (source.type === 'keeper') return 'the keeper check-in page';
  if (source.type === 'mdm') {
    return { 'google-workspace': 'Google Workspace', intune: 'Microsoft Intune', jamf: 'the Jamf export', csv: 'the CSV import' }[source.provider];
  }
  return 'the agent';
}

const capital = (s: string) => `${s.charAt(0).toUpperCase()}${s.slice(1)}`;

/** The Facts for a tablet or phone from any non-agent source. */
export function mobileFacts(record: MobileRecord, source: DeviceSource, collectedAt: string, appVersion: string): Facts {
  const from = why(source);
  const keeper = record.keeperEmail || 'keeper';
  const input: FactsInput = {
    collectedAt,
    agentVersion: appVersion,
    os: {
      status: 'ok',
      platform: record.platform,
      distro: OS_NAMES[record.platform],
      release: record.osVersion ?? '',
      hostname: record.name,
      ...(record.serial ? { serial: record.serial } : {}),
      ...(record.securityPatch ? { securityPatch: record.securityPatch } : {}),
      ...(record.model ? { model: record.model } : {}),
    },
    antivirus: {
      status: 'ok',
      products: [],
      ...(record.compromised !== null
        ? {
            integrity: {
              compromised: record.compromised,
              source: capital(from),
              ...(record.compromisedDetail ? { detail: record.compromisedDetail } : {}),
            },
          }
        : {}),
    },
    updates: { status: 'ok', pendingCount: null, securityPendingCount: null, source: from },
    accounts: {
      status: 'ok',
      accounts: record.passcodeChangedAt
        ? [
            {
              username: keeper,
              isHuman: true,
              passwordLastSetAt: record.passcodeChangedAt,
              mustChangeAtNextLogin: false,
              source: 'passcode',
              dateSource: 'the keeper’s check-in',
              ...(record.keeperName ? { person: record.keeperName } : {}),
            },
          ]
        : [],
    },
    apps:
      record.apps === null
        ? { status: 'unsupported', error: `${from} does not list the apps on this device` }
        : {
            status: 'ok',
            apps: record.apps.map((a) => ({
              name: a.name,
              id: a.id,
              source: record.platform === 'android' ? ('android' as const) : ('ios' as const),
            })),
          },
    encryption: {
      status: 'ok',
      volumes: [{ mount: 'device storage', isSystem: true, encrypted: record.encrypted, detail: `reported by ${from}` }],
    },
    screenLock: {
      status: 'ok',
      users: [{ user: keeper, lockEnabled: record.passcode, idleSeconds: null, source: 'passcode' }],
    },
  };
  return Facts.parse(input);
}
