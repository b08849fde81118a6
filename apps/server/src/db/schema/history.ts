import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { DEVICE_STATUSES } from './enums.js';
import { devices } from './devices.js';

/** Every change of a device's status, with the controls failing at that moment. */
export const statusChanges = sqliteTable(
  'status_changes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The organisation this row belongs to (organisations.id; always set by the repositories). */
    organisationId: integer('organisation_id').notNull(),
    deviceId: text('device_id')
      .notNull()
      .references(() => devices.id, { onDelete: 'cascade' }),
    at: text('at').notNull(),
    status: text('status', { enum: DEVICE_STATUSES }).notNull(),
    failingJson: text('failing_json').notNull(),
  },
  (t) => [index('status_changes_device_at_idx').on(t.deviceId, t.at)],
);

/**
 * One row per device per UTC day: the last known status and each control's result that day.
 * Lets the console prove compliance at any past date without replaying reports.
 */
export const dailySnapshots = sqliteTable(
  'daily_snapshots',
  {
    /** The organisation this row belongs to (organisations.id; always set by the repositories). */
    organisationId: integer('organisation_id').notNull(),
    day: text('day').notNull(),
    deviceId: text('device_id')
      .notNull()
      .references(() => devices.id, { onDelete: 'cascade' }),
    status: text('status', { enum: DEVICE_STATUSES }).notNull(),
    /** JSON object control id → finding status. */
    findingsJson: text('findings_json').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.deviceId] }), index('daily_snapshots_org_day_idx').on(t.organisationId, t.day)],
);
