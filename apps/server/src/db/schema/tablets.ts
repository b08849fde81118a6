import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { devices } from './devices.js';

/**
 * MDM connectors (Google Workspace, Microsoft Intune / Graph). Settings are plain JSON (ids, no
 * secrets); the secret (service-account key, client secret) is AES-256-GCM encrypted with the key
 * in the data folder, and never sent back to the console.
 */
export const connectors = sqliteTable(
  'connectors',
  {
    /** The organisation this row belongs to (organisations.id; always set by the repositories). */
    organisationId: integer('organisation_id').notNull(),
    provider: text('provider').notNull(),
    enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
    settingsJson: text('settings_json').notNull(),
    secretEnc: text('secret_enc').notNull(),
    updatedAt: text('updated_at').notNull(),
    lastSyncAt: text('last_sync_at'),
    /** "ok" or "error"; lastMessage says what happened, in words for the IT lead. */
    lastResult: text('last_result'),
    lastMessage: text('last_message'),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.provider] })],
);

/** People in a cloud directory (Microsoft 365 via Graph): password dates for work accounts. */
export const directoryUsers = sqliteTable(
  'directory_users',
  {
    /** The organisation this row belongs to (organisations.id; always set by the repositories). */
    organisationId: integer('organisation_id').notNull(),
    provider: text('provider').notNull(),
    /** userPrincipalName, lower-case. */
    upn: text('upn').notNull(),
    mail: text('mail'),
    displayName: text('display_name'),
    passwordChangedAt: text('password_changed_at'),
    syncedAt: text('synced_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.provider, t.upn] }), index('directory_users_mail_idx').on(t.organisationId, t.mail)],
);

/** Keeper check-in links: one active per device; only the token's hash is stored. */
export const checkinLinks = sqliteTable(
  'checkin_links',
  {
    id: text('id').primaryKey(),
    /** The organisation this row belongs to (organisations.id; always set by the repositories). */
    organisationId: integer('organisation_id').notNull(),
    deviceId: text('device_id')
      .notNull()
      .references(() => devices.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    revokedAt: text('revoked_at'),
    lastUsedAt: text('last_used_at'),
  },
  (t) => [index('checkin_links_device_idx').on(t.deviceId)],
);
