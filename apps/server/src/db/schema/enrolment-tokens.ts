import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** Enrolment tokens (N uses, expiring). Only sha256(token) is stored. */
export const enrolmentTokens = sqliteTable(
  'enrolment_tokens',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The organisation this row belongs to (organisations.id; always set by the repositories). */
    organisationId: integer('organisation_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    usesLeft: integer('uses_left').notNull(),
    expiresAt: text('expires_at').notNull(),
    url: text('url').notNull(),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    /** Set when an admin revokes the string; it then enrols nothing. */
    revokedAt: text('revoked_at'),
  },
  (t) => [uniqueIndex('enrolment_tokens_hash_unique').on(t.tokenHash), index('enrolment_tokens_org_created_idx').on(t.organisationId, t.createdAt)],
);
