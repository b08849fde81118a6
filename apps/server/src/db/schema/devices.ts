import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { CONTROL_IDS, DEVICE_STATUSES, FINDING_STATUSES_FOR_DB } from './enums.js';

/** Enrolled devices. The agent's secret is stored as sha256(secret). */
export const devices = sqliteTable(
  'devices',
  {
    id: text('id').primaryKey(),
    /** The organisation this row belongs to (organisations.id; always set by the repositories). */
    organisationId: integer('organisation_id').notNull(),
    hostname: text('hostname').notNull(),
    platform: text('platform').notNull(),
    hardwareId: text('hardware_id'),
    secretHash: text('secret_hash').notNull(),
    /**
     * Credential rotation in progress: sha256 of the new secret sent to the agent. Both work until
     * the agent acknowledges (or signs in with the new one); then it replaces `secretHash`.
     */
    nextSecretHash: text('next_secret_hash'),
    /** When the credential was last replaced (null: the one from enrolment); rotation is due 90 days on. */
    secretChangedAt: text('secret_changed_at'),
    agentVersion: text('agent_version'),
    keeperName: text('keeper_name'),
    keeperEmail: text('keeper_email'),
    keeperRole: text('keeper_role'),
    enrolledAt: text('enrolled_at').notNull(),
    lastSeenAt: text('last_seen_at'),
    lastReportAt: text('last_report_at'),
    status: text('status', { enum: DEVICE_STATUSES }).notNull().default('notEvaluated'),
    revokedAt: text('revoked_at'),
    latestReportId: text('latest_report_id'),
    /** Self-update, as the agent last told it (UPDATE_STATES in @safefleet/protocol). */
    updateState: text('update_state'),
    updateVersion: text('update_version'),
    updateDetail: text('update_detail'),
    updateAt: text('update_at'),
    /** laptop | desktop | tablet | phone (DeviceKind). */
    kind: text('kind').notNull().default('laptop'),
    /** agent | mdm | keeper (DeviceSource.type); mdm has a provider, keeper a confirmation date. */
    sourceType: text('source_type').notNull().default('agent'),
    sourceProvider: text('source_provider'),
    keeperConfirmedAt: text('keeper_confirmed_at'),
    /** Serial number: MDM, CSV and keeper devices match existing ones on it. */
    serial: text('serial'),
    /**
     * The earliest password due date of the device's personal accounts (password prompts), written
     * when the device is evaluated; '9999-12-31T00:00:00.000Z' when none is known, NULL until first
     * computed. The hourly prompt job selects only devices due soon through its index.
     */
    passwordDueAt: text('password_due_at'),
  },
  (t) => [
    index('devices_org_hostname_idx').on(t.organisationId, t.hostname),
    // The provider overview's last report per organisation (max over the index, no scan).
    index('devices_org_last_report_idx').on(t.organisationId, t.lastReportAt),
    index('devices_password_due_idx').on(t.organisationId, t.passwordDueAt),
    index('devices_hardware_id_idx').on(t.hardwareId),
    index('devices_last_seen_idx').on(t.lastSeenAt),
    index('devices_serial_idx').on(t.serial),
  ],
);

/** Raw reports as received (deduplicated by report_id; bounded per device by retention). */
export const reports = sqliteTable(
  'reports',
  {
    reportId: text('report_id').primaryKey(),
    /** The organisation this row belongs to (organisations.id; always set by the repositories). */
    organisationId: integer('organisation_id').notNull(),
    deviceId: text('device_id')
      .notNull()
      .references(() => devices.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    collectedAt: text('collected_at').notNull(),
    receivedAt: text('received_at').notNull(),
    factsJson: text('facts_json').notNull(),
    /** Set when the device's clock looks wrong (collectedAt far in the future or before enrolment). */
    clockNote: text('clock_note'),
    /** Bytes of facts_json, so the per-device disk allowance is enforced without reading every report. */
    sizeBytes: integer('size_bytes').notNull().default(0),
  },
  (t) => [
    index('reports_device_received_idx').on(t.deviceId, t.receivedAt),
    // Covers the per-device byte allowance query, so it never reads the facts themselves.
    index('reports_device_size_idx').on(t.deviceId, t.receivedAt, t.seq, t.sizeBytes),
  ],
);

/** The current result of each control on each device. */
export const findings = sqliteTable(
  'findings',
  {
    /** The organisation this row belongs to (organisations.id; always set by the repositories). */
    organisationId: integer('organisation_id').notNull(),
    deviceId: text('device_id')
      .notNull()
      .references(() => devices.id, { onDelete: 'cascade' }),
    control: text('control', { enum: CONTROL_IDS }).notNull(),
    status: text('status', { enum: FINDING_STATUSES_FOR_DB }).notNull(),
    reason: text('reason').notNull(),
    resolution: text('resolution').notNull(),
    detailsJson: text('details_json'),
    dueAt: text('due_at'),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.deviceId, t.control] })],
);
