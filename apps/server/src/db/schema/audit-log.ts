import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Who did what, when. Never holds secrets, passwords or tokens. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    /** "user:<email>", "cli", "system" or "device:<id>". */
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    target: text('target'),
    detailJson: text('detail_json'),
    /** The organisation the row is about; null for console-wide rows (scheduler runs, sign-in failures for unknown emails). */
    organisationId: integer('organisation_id'),
  },
  (t) => [index('audit_log_at_idx').on(t.at), index('audit_log_org_at_idx').on(t.organisationId, t.at)],
);
