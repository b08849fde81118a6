import { sql } from 'drizzle-orm';
import type { Executor } from '../client.js';

export class HealthRepository {
  constructor(private readonly db: Executor) {}

  /** True when the database answers a trivial query. */
  ping(): boolean {
    return this.db.get<{ ok: number }>(sql`select 1 as ok`)?.ok === 1;
  }
}
