import { and, desc, eq, gte, isNull, lte, or, sql } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { concerns, dailySnapshots, devices, policyExceptions } from '../schema/index.js';

export interface SnapshotRow {
  deviceId: string;
  platform: string;
  status: (typeof dailySnapshots.$inferSelect)['status'];
  findingsJson: string;
}

/** Read-only queries behind the trustees' report. */
export class ReportFiguresRepository {
  constructor(
    private readonly db: Executor,
    private readonly org: number,
  ) {}

  /** The last day in [from, to] with any snapshot, or undefined. */
  lastSnapshotDay(from: string, to: string): string | undefined {
    return this.db
      .select({ day: dailySnapshots.day })
      .from(dailySnapshots)
      .where(and(eq(dailySnapshots.organisationId, this.org), gte(dailySnapshots.day, from), lte(dailySnapshots.day, to)))
      .orderBy(desc(dailySnapshots.day))
      .limit(1)
      .get()?.day;
  }

  /** Each device's snapshot on a day (devices enrolled by then and not revoked before it). */
  snapshotsOn(day: string): SnapshotRow[] {
    return this.db
      .select({
        deviceId: dailySnapshots.deviceId,
        platform: devices.platform,
        status: dailySnapshots.status,
        findingsJson: dailySnapshots.findingsJson,
      })
      .from(dailySnapshots)
      .innerJoin(devices, eq(devices.id, dailySnapshots.deviceId))
      .where(
        and(
          eq(dailySnapshots.organisationId, this.org),
          eq(dailySnapshots.day, day),
          sql`substr(${devices.enrolledAt}, 1, 10) <= ${dailySnapshots.day}`,
          or(isNull(devices.revokedAt), sql`substr(${devices.revokedAt}, 1, 10) > ${dailySnapshots.day}`),
        ),
      )
      .all();
  }

  /** Devices enrolled by the end of a day and not revoked on or before it. */
  devicesOn(day: string): Array<{ id: string; platform: string }> {
    return this.db
      .select({ id: devices.id, platform: devices.platform })
      .from(devices)
      .where(
        and(
          eq(devices.organisationId, this.org),
          sql`substr(${devices.enrolledAt}, 1, 10) <= ${day}`,
          or(isNull(devices.revokedAt), sql`substr(${devices.revokedAt}, 1, 10) > ${day}`),
        ),
      )
      .all();
  }

  /** Concerns raised on or before `end` (ISO instant). */
  concernsUpTo(end: string) {
    return this.db
      .select()
      .from(concerns)
      .where(and(eq(concerns.organisationId, this.org), lte(concerns.loggedAt, end)))
      .all();
  }

  /** Exceptions in force at `at`: created by then, ending after it, not revoked by then. */
  exceptionsInForceAt(at: string) {
    return this.db
      .select()
      .from(policyExceptions)
      .where(
        and(
          eq(policyExceptions.organisationId, this.org),
          lte(policyExceptions.createdAt, at),
          sql`${policyExceptions.expiresAt} > ${at}`,
          or(isNull(policyExceptions.revokedAt), sql`${policyExceptions.revokedAt} > ${at}`),
        ),
      )
      .orderBy(policyExceptions.expiresAt)
      .all();
  }
}
