import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** A single row (id = 1): the IT lead holds agent updates fleet-wide. Absent means not held. */
export const agentReleaseSettings = sqliteTable('agent_release_settings', {
  id: integer('id').primaryKey(),
  hold: integer('hold', { mode: 'boolean' }).notNull(),
  updatedAt: text('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
});
