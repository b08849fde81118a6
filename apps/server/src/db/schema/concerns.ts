import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { CONCERN_EVENT_ACTIONS, CONCERN_SOURCES, CONCERN_STATUSES, RISK_LEVELS, TRIAGE_OUTCOMES } from '@safefleet/protocol';
import { alerts } from './alerts.js';
import { devices } from './devices.js';

/**
 * The safeguarding concern log. Device and keeper are copied when logged, so the record stays
 * readable if the device is later revoked or its keeper changes. One concern per alert at most.
 */
export const concerns = sqliteTable(
  'concerns',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The organisation this row belongs to (organisations.id; always set by the repositories). */
    organisationId: integer('organisation_id').notNull(),
    source: text('source', { enum: CONCERN_SOURCES }).notNull(),
    alertId: text('alert_id').references(() => alerts.id, { onDelete: 'set null' }),
    deviceId: text('device_id').references(() => devices.id, { onDelete: 'set null' }),
    hostname: text('hostname'),
    keeperName: text('keeper_name'),
    summary: text('summary').notNull(),
    status: text('status', { enum: CONCERN_STATUSES }).notNull(),
    loggedAt: text('logged_at').notNull(),
    loggedBy: text('logged_by').notNull(),
    assessedAt: text('assessed_at'),
    assessedBy: text('assessed_by'),
    assessment: text('assessment'),
    actionedAt: text('actioned_at'),
    actionedBy: text('actioned_by'),
    actionsTaken: text('actions_taken'),
    referralMade: integer('referral_made', { mode: 'boolean' }),
    referralTo: text('referral_to'),
    referralReference: text('referral_reference'),
    referralAt: text('referral_at'),
    closedAt: text('closed_at'),
    closedBy: text('closed_by'),
    closingNote: text('closing_note'),
    /** Triage of an automatic concern: what the DSL decided, who, when and why. */
    triageOutcome: text('triage_outcome', { enum: TRIAGE_OUTCOMES }),
    triagedAt: text('triaged_at'),
    triagedBy: text('triaged_by'),
    triageNote: text('triage_note'),
    riskLevel: text('risk_level', { enum: RISK_LEVELS }),
    /** The exception created when triaged as "allowed for this role". */
    exceptionId: text('exception_id'),
    /** Catalogue ids of the apps this concern is about (JSON array; a later app on the device joins it). */
    appIdsJson: text('app_ids_json'),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('concerns_alert_unique').on(t.alertId),
    index('concerns_status_logged_idx').on(t.status, t.loggedAt),
    index('concerns_org_status_logged_idx').on(t.organisationId, t.status, t.loggedAt),
    index('concerns_device_status_idx').on(t.deviceId, t.status),
  ],
);

/** Each step and note on a concern: who, when, from which status to which. */
export const concernEvents = sqliteTable(
  'concern_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The organisation this row belongs to (organisations.id; always set by the repositories). */
    organisationId: integer('organisation_id').notNull(),
    concernId: integer('concern_id')
      .notNull()
      .references(() => concerns.id, { onDelete: 'cascade' }),
    at: text('at').notNull(),
    actor: text('actor').notNull(),
    action: text('action', { enum: CONCERN_EVENT_ACTIONS }).notNull(),
    fromStatus: text('from_status', { enum: CONCERN_STATUSES }),
    toStatus: text('to_status', { enum: CONCERN_STATUSES }),
    note: text('note'),
  },
  (t) => [index('concern_events_concern_idx').on(t.concernId, t.id)],
);
