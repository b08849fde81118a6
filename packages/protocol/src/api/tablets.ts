import { z } from 'zod';
import { AppCategory, FindingStatus, ControlId } from '../compliance.js';
import { IsoDateTime, ShortString } from '../facts/common.js';
import { DeviceKind } from '../devices/source.js';

export const ConnectorProviderId = z.enum(['google-workspace', 'intune']);
export type ConnectorProviderId = z.infer<typeof ConnectorProviderId>;

/** GET /api/connectors: never the secret. */
export const ConnectorStatus = z.object({
  provider: ConnectorProviderId,
  enabled: z.boolean(),
  settings: z.record(z.string(), z.unknown()),
  hasSecret: z.literal(true),
  lastSyncAt: IsoDateTime.nullable(),
  lastResult: z.enum(['ok', 'error']).nullable(),
  lastMessage: z.string().nullable(),
});
export type ConnectorStatus = z.infer<typeof ConnectorStatus>;

/**
 * PUT /api/tablets/connectors/:provider: settings plus the secret (service-account JSON key or client
 * secret). The secret may be left out to change only the settings of a connector that has one.
 */
export const ConfigureConnectorRequest = z.object({
  settings: z.record(z.string(), z.unknown()),
  secret: z.string().min(1).max(20_000).optional(),
  enabled: z.boolean().optional(),
});
export type ConfigureConnectorRequest = z.infer<typeof ConfigureConnectorRequest>;

export const ImportOutcome = z.object({
  line: z.number().int().optional(),
  serial: z.string().nullable(),
  name: z.string(),
  deviceId: z.string().nullable(),
  action: z.enum(['created', 'updated', 'skipped']),
  note: z.string().optional(),
});

/** POST /api/connectors/:provider/sync */
export const SyncResponse = z.object({ ok: z.boolean(), message: z.string(), devices: z.array(ImportOutcome) });
export type SyncResponse = z.infer<typeof SyncResponse>;

/** POST /api/tablets/import-csv: the file's text. */
export const CsvImportRequest = z.object({ csv: z.string().max(10 * 1024 * 1024) });
export const CsvImportResponse = z.object({
  format: z.string().nullable(),
  imported: z.array(ImportOutcome),
  errors: z.array(z.object({ line: z.number().int(), message: z.string() })),
});
export type CsvImportResponse = z.infer<typeof CsvImportResponse>;

/** POST /api/tablets: a tablet or phone its keeper checks in by hand (no MDM). */
export const CreateKeeperTabletRequest = z.object({
  name: ShortString.min(1),
  kind: DeviceKind.default('tablet'),
  platform: z.enum(['android', 'ios', 'ipados']),
  serial: ShortString.optional(),
  keeperName: ShortString.min(1),
  keeperEmail: z.email(),
  keeperRole: ShortString.default(''),
});
export type CreateKeeperTabletRequest = z.input<typeof CreateKeeperTabletRequest>;

/** A check-in link (shown once: only its hash is stored) and its QR code. */
export const CheckinLink = z.object({ deviceId: z.string(), url: z.string(), qrSvg: z.string() });
export type CheckinLink = z.infer<typeof CheckinLink>;

/** GET /api/tablets/keeper: tablets and phones their keepers check in by hand, and their links (never the token). */
export const KeeperTablet = z.object({
  deviceId: z.string(),
  name: z.string(),
  kind: DeviceKind,
  platform: z.string(),
  keeperName: z.string().nullable(),
  keeperEmail: z.string().nullable(),
  /** The keeper's last check-in; null until the first. */
  confirmedAt: IsoDateTime.nullable(),
  /** The active link: when it was made and last opened; null when none is active. */
  link: z.object({ createdAt: IsoDateTime, createdBy: z.string(), lastUsedAt: IsoDateTime.nullable() }).nullable(),
});
export type KeeperTablet = z.infer<typeof KeeperTablet>;

/** GET /checkin/:token/state: what the keeper's page shows. */
export const CheckinState = z.object({
  deviceName: z.string(),
  keeperName: z.string().nullable(),
  platform: z.string(),
  lastConfirmedAt: IsoDateTime.nullable(),
  apps: z.array(z.object({ id: z.string(), name: z.string(), category: AppCategory })),
  current: z.object({ tableDate: z.string(), apple: z.array(z.object({ major: z.number(), latest: z.string() })), android: z.array(z.number()) }),
});
export type CheckinState = z.infer<typeof CheckinState>;

/** POST /checkin/:token: the keeper's answers and what the browser said. */
export const CheckinSubmission = z.object({
  platform: z.enum(['android', 'ios', 'ipados']),
  osVersion: ShortString.max(40),
  securityPatch: z.union([z.literal(''), z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/)]).optional(),
  model: ShortString.max(100).optional(),
  passcode: z.boolean(),
  screenLock: z.boolean(),
  passcodeChanged: z.boolean(),
  /** Catalogue entry ids the keeper ticked. */
  apps: z.array(ShortString.max(100)).max(200),
  userAgent: z.string().max(1000).optional(),
  clientHints: z.record(z.string(), z.unknown()).optional(),
});
export type CheckinSubmission = z.infer<typeof CheckinSubmission>;

export const CheckinResult = z.object({
  assurance: z.string(),
  findings: z.array(z.object({ control: ControlId, status: FindingStatus, reason: z.string() })),
});
export type CheckinResult = z.infer<typeof CheckinResult>;
