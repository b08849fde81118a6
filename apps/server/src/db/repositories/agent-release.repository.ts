import { eq } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { agentReleaseSettings } from '../schema/index.js';

const SETTINGS_ROW = 1;

/** The fleet-wide update hold (one row). */
export class AgentReleaseRepository {
  constructor(private readonly db: Executor) {}

  getHold(): { hold: boolean; updatedAt: string; updatedBy: string } | undefined {
    return this.db.select().from(agentReleaseSettings).where(eq(agentReleaseSettings.id, SETTINGS_ROW)).get();
  }

  putHold(hold: boolean, updatedAt: string, updatedBy: string): void {
    this.db
      .insert(agentReleaseSettings)
      .values({ id: SETTINGS_ROW, hold, updatedAt, updatedBy })
      .onConflictDoUpdate({ target: agentReleaseSettings.id, set: { hold, updatedAt, updatedBy } })
      .run();
  }
}
