import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { PolicyException } from '@safefleet/protocol';
import { toPolicyException } from './exceptions.repository.js';
import type { Executor } from '../client.js';
import { prepared } from '../prepared.js';
import { policyExceptions, policySettings } from '../schema/index.js';

export class PolicyRepository {
  constructor(
    private readonly db: Executor,
    private readonly org: number,
  ) {}

  /** The stored settings JSON (unvalidated), or undefined when never saved. */
  getSettingsJson(): string | undefined {
    return prepared(this.db, 'policy.settingsJson', (db) =>
      db
        .select({ json: policySettings.settingsJson })
        .from(policySettings)
        .where(eq(policySettings.id, sql.placeholder('org')))
        .prepare(),
    ).get({ org: this.org })?.json;
  }

  putSettingsJson(settingsJson: string, updatedAt: string, updatedBy: string): void {
    this.db
      .insert(policySettings)
      .values({ id: this.org, settingsJson, updatedAt, updatedBy })
      .onConflictDoUpdate({ target: policySettings.id, set: { settingsJson, updatedAt, updatedBy } })
      .run();
  }

  /** Exceptions not revoked and not expired at `now`. */
  activeExceptions(now: string): PolicyException[] {
    return prepared(this.db, 'policy.activeExceptions', (db) =>
      db
        .select()
        .from(policyExceptions)
        .where(
          and(
            eq(policyExceptions.organisationId, sql.placeholder('org')),
            isNull(policyExceptions.revokedAt),
            gt(policyExceptions.expiresAt, sql.placeholder('now')),
          ),
        )
        .prepare(),
    )
      .all({ now, org: this.org })
      .map(toPolicyException);
  }
}
