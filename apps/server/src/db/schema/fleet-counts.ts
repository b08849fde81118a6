import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Fleet counts kept current at write time by SQLite triggers (migration 'fleet_counts'), so the
 * overview reads a few rows instead of every device and finding:
 * kind 'status' (key '') → devices per status; kind 'control' (key = control id) → findings per
 * finding status. Only devices not revoked are counted. One set of rows per organisation (the triggers
 * take the organisation from the device; migration 'organisations' rewrote them).
 */
export const fleetCounts = sqliteTable(
  'fleet_counts',
  {
    /** The organisation this row belongs to (organisations.id; always set by the repositories). */
    organisationId: integer('organisation_id').notNull(),
    kind: text('kind').notNull(),
    key: text('key').notNull(),
    status: text('status').notNull(),
    n: integer('n').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.kind, t.key, t.status] })],
);
