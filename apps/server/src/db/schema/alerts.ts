import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { ALERT_CATEGORIES, ALERT_STATUSES, DELIVERY_CHANNELS, DELIVERY_KINDS, DELIVERY_STATUSES, WEBHOOK_FORMATS } from '@safefleet/protocol';
import { CONTROL_IDS } from './enums.js';
import { devices } from './devices.js';

/**
 * One row per failing condition (device + control). At most one OPEN alert per device and control
 * (partial unique index), so an open condition never alerts twice.
 */
export const alerts = sqliteTable(
  'alerts',
  {
    id: text('id').primaryKey(),
    /** The organisation this row belongs to (organisations.id; always set by the repositories). */
    organisationId: integer('organisation_id').notNull(),
    deviceId: text('device_id')
      .notNull()
      .references(() => devices.id, { onDelete: 'cascade' }),
    control: text('control', { enum: CONTROL_IDS }).notNull(),
    category: text('category', { enum: ALERT_CATEGORIES }).notNull(),
    status: text('status', { enum: ALERT_STATUSES }).notNull(),
    reason: text('reason').notNull(),
    resolution: text('resolution').notNull(),
    detailsJson: text('details_json'),
    openedAt: text('opened_at').notNull(),
    remindedAt: text('reminded_at'),
    escalatedAt: text('escalated_at'),
    resolvedAt: text('resolved_at'),
    resolvedReason: text('resolved_reason'),
    updatedAt: text('updated_at').notNull(),
    /** The open concern this (safeguarding) alert joined when one was already waiting for the device. */
    concernId: integer('concern_id'),
  },
  (t) => [
    uniqueIndex('alerts_one_open_per_device_control').on(t.deviceId, t.control).where(sql`status = 'open'`),
    index('alerts_status_opened_idx').on(t.status, t.openedAt),
    index('alerts_org_status_opened_idx').on(t.organisationId, t.status, t.openedAt),
    index('alerts_device_opened_idx').on(t.deviceId, t.openedAt),
  ],
);

/**
 * The outbox and log of everything sent: one row per message and destination (email address or
 * webhook), written in the same transaction as what caused it, then sent (and retried with backoff)
 * by the delivery worker. `dedupe_key` makes queuing the same message twice a no-op.
 */
export const alertDeliveries = sqliteTable(
  'alert_deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The organisation this row belongs to (organisations.id; always set by the repositories). */
    organisationId: integer('organisation_id').notNull(),
    alertId: text('alert_id').references(() => alerts.id, { onDelete: 'set null' }),
    deviceId: text('device_id').references(() => devices.id, { onDelete: 'set null' }),
    kind: text('kind', { enum: DELIVERY_KINDS }).notNull(),
    channel: text('channel', { enum: DELIVERY_CHANNELS }).notNull(),
    format: text('format', { enum: WEBHOOK_FORMATS }),
    /** Email address or full webhook URL (the API shows webhooks by origin only). */
    destination: text('destination').notNull(),
    recipientLabel: text('recipient_label'),
    subject: text('subject').notNull(),
    /** Email: {to, subject, text}; webhook: the JSON body. */
    payloadJson: text('payload_json').notNull(),
    status: text('status', { enum: DELIVERY_STATUSES }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: text('next_attempt_at'),
    lastError: text('last_error'),
    createdAt: text('created_at').notNull(),
    sentAt: text('sent_at'),
    /** For a held item: the digest delivery that carried it. */
    digestId: integer('digest_id'),
    dedupeKey: text('dedupe_key').notNull(),
  },
  (t) => [
    uniqueIndex('alert_deliveries_dedupe_unique').on(t.dedupeKey),
    index('alert_deliveries_status_next_idx').on(t.status, t.nextAttemptAt),
    index('alert_deliveries_alert_idx').on(t.alertId),
    index('alert_deliveries_org_created_idx').on(t.organisationId, t.createdAt),
  ],
);

/** Every attempt to send a delivery, successful or not. */
export const alertDeliveryAttempts = sqliteTable(
  'alert_delivery_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    deliveryId: integer('delivery_id')
      .notNull()
      .references(() => alertDeliveries.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    at: text('at').notNull(),
    ok: integer('ok', { mode: 'boolean' }).notNull(),
    response: text('response'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
  },
  (t) => [index('alert_delivery_attempts_delivery_idx').on(t.deliveryId)],
);
