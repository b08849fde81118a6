import { sql } from 'drizzle-orm';
import type { Executor } from '../client.js';

export class HealthRepository {
  constructor(private readonly db: Executor) {}

  /**
   * A real write that changes nothing: rewrites the database header's user_version with its own
   * value (nothing else uses it). Throws when the database is read-only, locked or cannot grow.
   */
  probeWrite(): void {
    const v = this.db.get<{ user_version: number }>(sql`pragma user_version`)?.user_version ?? 0;
    this.db.run(sql.raw(`pragma user_version = ${Math.trunc(Number(v)) || 0}`));
  }

  /** True when the database answers a trivial query. */
  ping(): boolean {
    return this.db.get<{ ok: number }>(sql`select 1 as ok`)?.ok === 1;
  }
}
