import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Fleet counts kept current at write time by SQLite triggers (migration 'fleet_counts'), so the
 * overview reads a few rows instead of every device and finding:
 * kind 'status' (key '') → devices per status; kind 'control' (key = control id) → findings per
 * finding status. Only devices not revoked are counted.
 */
export const fleetCounts = sqliteTable(
  'fleet_counts',
  {
    kind: text('kind').notNull(),
    key: text('key').notNull(),
    status: text('status').notNull(),
    n: integer('n').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.kind, t.key, t.status] })],
);
