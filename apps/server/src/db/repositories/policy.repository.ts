import { and, eq, gt, isNull } from 'drizzle-orm';
import type { PolicyException } from '@safefleet/protocol';
import type { Executor } from '../client.js';
import { policyExceptions, policySettings } from '../schema/index.js';

const SETTINGS_ROW = 1;

export class PolicyRepository {
  constructor(private readonly db: Executor) {}

  /** The stored settings JSON (unvalidated), or undefined when never saved. */
  getSettingsJson(): string | undefined {
    return this.db.select().from(policySettings).where(eq(policySettings.id, SETTINGS_ROW)).get()?.settingsJson;
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
    return this.db
      .select()
      .from(policyExceptions)
      .where(and(isNull(policyExceptions.revokedAt), gt(policyExceptions.expiresAt, now)))
      .all()
      .map((r) => ({
        id: r.id,
        appIds: JSON.parse(r.appIdsJson) as string[],
        scope: JSON.parse(r.scopeJson) as PolicyException['scope'],
        riskAssessment: r.riskAssessment,
        approvedBy: r.approvedBy,
        createdAt: r.createdAt,
        expiresAt: r.expiresAt,
      }));
  }
}
