import { integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** Enrolment tokens (N uses, expiring). Only sha256(token) is stored. */
export const enrolmentTokens = sqliteTable(
  'enrolment_tokens',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    tokenHash: text('token_hash').notNull(),
    usesLeft: integer('uses_left').notNull(),
    expiresAt: text('expires_at').notNull(),
    url: text('url').notNull(),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    /** Set when an admin revokes the string; it then enrols nothing. */
    revokedAt: text('revoked_at'),
  },
  (t) => [uniqueIndex('enrolment_tokens_hash_unique').on(t.tokenHash)],
);
