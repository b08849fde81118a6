import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { RECIPIENT_CHANNELS, WEBHOOK_FORMATS } from '@safefleet/protocol';
import { CONTROL_IDS } from './enums.js';

/**
 * One row per organisation (id = the organisation's id): the alert/email settings saved in the console, as a JSON object holding
 * only the keys saved there (UpdateNotificationSettingsRequest); the environment and defaults fill
 * the rest. Holds the SMTP password (needed to sign in to the mail server); the API never returns it.
 */
export const notificationSettings = sqliteTable('notification_settings', {
  id: integer('id').primaryKey(),
  settingsJson: text('settings_json').notNull(),
  updatedAt: text('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
});

/** Extra alert recipients: an email address or a webhook, for one control or (control null) all. */
export const notificationRecipients = sqliteTable(
  'notification_recipients',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The organisation this row belongs to (organisations.id; always set by the repositories). */
    organisationId: integer('organisation_id').notNull(),
    name: text('name').notNull(),
    channel: text('channel', { enum: RECIPIENT_CHANNELS }).notNull(),
    /** Email address or webhook URL. */
    address: text('address').notNull(),
    format: text('format', { enum: WEBHOOK_FORMATS }),
    control: text('control', { enum: CONTROL_IDS }),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
  },
  (t) => [index('notification_recipients_org_idx').on(t.organisationId)],
);
