import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** One row per organisation (id = the organisation's id) with the PolicySettings JSON; absent means DEFAULT_POLICY. */
export const policySettings = sqliteTable('policy_settings', {
  id: integer('id').primaryKey(),
  settingsJson: text('settings_json').notNull(),
  updatedAt: text('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
});

/** Approved exceptions (named apps allowed for a keeper role or one device). */
export const policyExceptions = sqliteTable(
  'policy_exceptions',
  {
    id: text('id').primaryKey(),
    /** The organisation this row belongs to (organisations.id; always set by the repositories). */
    organisationId: integer('organisation_id').notNull(),
    appIdsJson: text('app_ids_json').notNull(),
    scopeJson: text('scope_json').notNull(),
    riskAssessment: text('risk_assessment').notNull(),
    approvedBy: text('approved_by').notNull(),
    createdAt: text('created_at').notNull(),
    expiresAt: text('expires_at').notNull(),
    revokedAt: text('revoked_at'),
    /** "user:<email>" of whoever recorded it ("unknown" for rows from before this column). */
    createdBy: text('created_by').notNull().default('unknown'),
    /** "user:<email>" of whoever revoked it. */
    revokedBy: text('revoked_by'),
    /** When the expiry job re-evaluated its devices and audited `exception.expired` (once). */
    expiryHandledAt: text('expiry_handled_at'),
  },
  (t) => [index('policy_exceptions_org_idx').on(t.organisationId, t.expiresAt)],
);
