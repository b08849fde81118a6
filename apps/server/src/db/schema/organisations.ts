import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { USER_ROLES } from '@safefleet/protocol';
import { users } from './users.js';

/**
 * The organisations (charities) this console looks after. A single-charity install has one, id 1
 * (migration 'organisations' creates it for an existing console). Every organisation-owned table has
 * an `organisation_id` column; repositories take the organisation as a required parameter.
 */
export const organisations = sqliteTable('organisations', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  createdAt: text('created_at').notNull(),
});

/** A user's role in one organisation. The role that counts is the one in the session's current organisation. */
export const organisationMemberships = sqliteTable(
  'organisation_memberships',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    role: text('role', { enum: USER_ROLES }).notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.organisationId] }), index('organisation_memberships_org_idx').on(t.organisationId, t.role)],
);
