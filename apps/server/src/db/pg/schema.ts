import * as sqliteSchema from '../schema/index.js';
import { derivePgSchema } from './derive.js';

/**
 * The PostgreSQL schema: derived at load time from the SQLite schema (src/db/schema, the one
 * definition), never written by hand — see derive.ts for the type mapping. drizzle-kit
 * (drizzle-pg.config.ts, `npm run db:generate:pg`) finds tables among a module's top-level
 * exports only, so each derived table is also exported by name below; schema.test.ts fails when a
 * SQLite table has no export line here.
 */
export const pgSchema = derivePgSchema(sqliteSchema);

export const {
  agentPresence,
  agentReleaseSettings,
  alertDeliveries,
  alertDeliveryAttempts,
  alerts,
  auditLog,
  checkinLinks,
  clusterMessages,
  clusterNodes,
  concernEvents,
  concerns,
  connectors,
  dailySnapshots,
  devices,
  directoryUsers,
  enrolmentTokens,
  findings,
  fleetCounts,
  jobRuns,
  keeperRoles,
  knownLogins,
  notificationRecipients,
  notificationSettings,
  organisationMemberships,
  organisationSettings,
  organisations,
  passwordPrompts,
  policyExceptions,
  policySettings,
  reports,
  securityReviews,
  sessions,
  statusChanges,
  users,
} = pgSchema;
