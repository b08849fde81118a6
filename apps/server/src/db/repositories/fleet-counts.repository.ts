import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { prepared } from '../prepared.js';
import { fleetCounts } from '../schema/index.js';

export interface FleetCountRow {
  kind: string;
  key: string;
  status: string;
  n: number;
}

/** The maintained fleet counts (kept by triggers, see the fleet_counts_triggers migration). */
export class FleetCountsRepository {
  constructor(
    private readonly db: Executor,
    private readonly org: number,
  ) {}

  all(): FleetCountRow[] {
    return prepared(this.db, 'fleetCounts.all', (db) =>
      db
        .select({ kind: fleetCounts.kind, key: fleetCounts.key, status: fleetCounts.status, n: fleetCounts.n })
        .from(fleetCounts)
        .where(eq(fleetCounts.organisationId, sql.placeholder('org')))
        .prepare(),
    ).all({ org: this.org });
  }

  /**
   * Active devices silent since before `cutoff` whose stored check-in still says they are not: the
   * check-in job marks them stale within a minute; until then readers count them as stale. Uses the
   * last_seen_at index, so it reads only the few silent devices.
   */
  silentNotYetStale(cutoff: string): Array<{ status: string; checkin: string; kind: string }> {
    return this.db.all<{ status: string; checkin: string; kind: string }>(
      sql`SELECT d.status AS status, f.status AS checkin, d.kind AS kind FROM devices d
          JOIN findings f ON f.device_id = d.id AND f.control = 'agent-checkin'
          WHERE d.organisation_id = ${this.org} AND d.last_seen_at < ${cutoff} AND d.revoked_at IS NULL AND f.status <> 'fail'`,
    );
  }
}
