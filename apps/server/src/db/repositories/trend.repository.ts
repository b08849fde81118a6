import { and, asc, count, eq, gte, isNull, lte, or, sql } from 'drizzle-orm';
import type { DeviceStatus } from '@safefleet/protocol';
import type { Executor } from '../client.js';
import { dailySnapshots, devices } from '../schema/index.js';

export interface DayStatusCount {
  day: string;
  status: DeviceStatus;
  n: number;
}

/** Fleet counts per UTC day from daily_snapshots (GET /api/fleet/trend). */
export class TrendRepository {
  constructor(
    private readonly db: Executor,
    private readonly org: number,
  ) {}

  /**
   * Snapshot counts per day and status for days in [from, to] (YYYY-MM-DD), counting only devices
   * enrolled by that day and not revoked on or before it.
   */
  countsByDay(from: string, to: string): DayStatusCount[] {
    return this.db
      .select({ day: dailySnapshots.day, status: dailySnapshots.status, n: count() })
      .from(dailySnapshots)
      .innerJoin(devices, eq(devices.id, dailySnapshots.deviceId))
      .where(
        and(
          eq(dailySnapshots.organisationId, this.org),
          gte(dailySnapshots.day, from),
          lte(dailySnapshots.day, to),
          sql`substr(${devices.enrolledAt}, 1, 10) <= ${dailySnapshots.day}`,
          or(isNull(devices.revokedAt), sql`substr(${devices.revokedAt}, 1, 10) > ${dailySnapshots.day}`),
        ),
      )
      .groupBy(dailySnapshots.day, dailySnapshots.status)
      .orderBy(asc(dailySnapshots.day))
      .all();
  }
}
