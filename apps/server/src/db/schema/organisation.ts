import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * One row per organisation (id = the organisation's id): its name, logo, time zone, trustees' address and uploaded
 * bank-holiday table, as OrganisationSettings JSON (packages/protocol). `keeper_link_key` is the
 * secret that signs keepers' sign-in-free links; the API never returns it.
 */
export const organisationSettings = sqliteTable('organisation_settings', {
  id: integer('id').primaryKey(),
  settingsJson: text('settings_json').notNull(),
  keeperLinkKey: text('keeper_link_key'),
  updatedAt: text('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
});

/** Security reviews of the fleet (the policy asks for one at least twice a year). */
export const securityReviews = sqliteTable(
  'security_reviews',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The organisation this row belongs to (organisations.id; always set by the repositories). */
    organisationId: integer('organisation_id').notNull(),
    /** When the review took place (date, ISO). */
    reviewedAt: text('reviewed_at').notNull(),
    /** Who carried it out, in words (a name, not necessarily a console user). */
    reviewedBy: text('reviewed_by').notNull(),
    notes: text('notes').notNull(),
    nextDueAt: text('next_due_at').notNull(),
    recordedAt: text('recorded_at').notNull(),
    recordedBy: text('recorded_by').notNull(),
  },
  (t) => [index('security_reviews_org_reviewed_idx').on(t.organisationId, t.reviewedAt)],
);
