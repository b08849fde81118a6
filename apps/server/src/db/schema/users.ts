import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { USER_ROLES } from '@safefleet/protocol';

/** Console users. Emails are stored lower-case; passwords as scrypt hashes with a per-user salt. */
export const users = sqliteTable(
  'users',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    email: text('email').notNull(),
    role: text('role', { enum: USER_ROLES }).notNull(),
    passwordHash: text('password_hash').notNull(),
    createdAt: text('created_at').notNull(),
    /**
     * TOTP secret (RFC 6238), sealed with the data folder's key (connectors/secret-box.ts); only used
     * once `totpEnabledAt` is set (a pending set-up otherwise).
     */
    totpSecret: text('totp_secret'),
    totpEnabledAt: text('totp_enabled_at'),
    /** The last 30-second step whose code was accepted: a code is never accepted twice. */
    totpLastStep: integer('totp_last_step'),
    /** JSON array of sha256(recovery code), each removed when used. */
    totpRecoveryJson: text('totp_recovery_json'),
  },
  (t) => [uniqueIndex('users_email_unique').on(t.email)],
);

/**
 * Console sessions. `id` is sha256(token) so a copy of the database does not hold live tokens.
 * Expiry: 12 h sliding (each use pushes it on) but never past 7 days after sign-in.
 */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    /** The organisation the session acts in (the user's membership with the lowest id at sign-in; POST /api/auth/organisation). */
    organisationId: integer('organisation_id').notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: text('created_at').notNull(),
    expiresAt: text('expires_at').notNull(),
    lastSeenAt: text('last_seen_at').notNull(),
  },
  (t) => [index('sessions_user_id_idx').on(t.userId)],
);

/**
 * Browsers that have signed in to an account before ("known devices"): the login lockout never
 * refuses the account's correct password from one of them. `id` is sha256 of the cookie token.
 */
export const knownLogins = sqliteTable(
  'known_logins',
  {
    id: text('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: text('created_at').notNull(),
    lastUsedAt: text('last_used_at').notNull(),
  },
  (t) => [index('known_logins_user_id_idx').on(t.userId)],
);
