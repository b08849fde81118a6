import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { PolicyException } from '@safefleet/protocol';
import { toPolicyException } from './exceptions.repository.js';
import type { Executor } from '../client.js';
import { prepared } from '../prepared.js';
import { policyExceptions, policySettings } from '../schema/index.js';

const SETTINGS_ROW = 1;

export class PolicyRepository {
  constructor(private readonly db: Executor) {}

  /** The stored settings JSON (unvalidated), or undefined when never saved. */
  getSettingsJson(): string | undefined {
    return prepared(this.db, 'policy.settingsJson', (db) =>
      db.select({ json: policySettings.settingsJson }).from(policySettings).where(eq(policySettings.id, SETTINGS_ROW)).prepare(),
    ).get()?.json;
  }

  putSettingsJson(settingsJson: string, updatedAt: string, updatedBy: string): void {
    this.db
      .insert(policySettings)
      .values({ id: SETTINGS_ROW, settingsJson, updatedAt, updatedBy })
      .onConflictDoUpdate({ target: policySettings.id, set: { settingsJson, updatedAt, updatedBy } })
      .run();
  }

  /** Exceptions not revoked and not expired at `now`. */
  activeExceptions(now: string): PolicyException[] {
    return prepared(this.db, 'policy.activeExceptions', (db) =>
      db
        .select()
        .from(policyExceptions)
        .where(and(isNull(policyExceptions.revokedAt), gt(policyExceptions.expiresAt, sql.placeholder('now'))))
        .prepare(),
    )
      .all({ now })
      .map(toPolicyException);
  }
}
