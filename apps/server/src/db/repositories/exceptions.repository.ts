import { and, desc, eq, isNull, lte } from 'drizzle-orm';
import { PolicyException } from '@safefleet/protocol';
import type { Executor } from '../client.js';
import { policyExceptions } from '../schema/index.js';
import { parseStored } from '../stored-json.js';

export type ExceptionRow = typeof policyExceptions.$inferSelect;

/** The PolicyException the policy engine uses, from a stored row. */
export function toPolicyException(r: ExceptionRow): PolicyException {
  return {
    id: r.id,
    appIds: parseStored(PolicyException.shape.appIds, r.appIdsJson, `app list of exception ${r.id}`),
    scope: parseStored(PolicyException.shape.scope, r.scopeJson, `scope of exception ${r.id}`),
    riskAssessment: r.riskAssessment,
    approvedBy: r.approvedBy,
    createdAt: r.createdAt,
    expiresAt: r.expiresAt,
  };
}

/** Exception records (all states) for the console; PolicyRepository.activeExceptions feeds evaluate(). */
export class ExceptionsRepository {
  constructor(
    private readonly db: Executor,
    private readonly org: number,
  ) {}

  /** Every exception, newest first. */
  list(): ExceptionRow[] {
    return this.db
      .select()
      .from(policyExceptions)
      .where(eq(policyExceptions.organisationId, this.org))
      .orderBy(desc(policyExceptions.createdAt), desc(policyExceptions.id))
      .all();
  }

  findById(id: string): ExceptionRow | undefined {
    return this.db
      .select()
      .from(policyExceptions)
      .where(and(eq(policyExceptions.id, id), eq(policyExceptions.organisationId, this.org)))
      .get();
  }

  create(e: PolicyException, createdBy: string): ExceptionRow {
    return this.db
      .insert(policyExceptions)
      .values({
        id: e.id,
        organisationId: this.org,
        appIdsJson: JSON.stringify(e.appIds),
        scopeJson: JSON.stringify(e.scope),
        riskAssessment: e.riskAssessment,
        approvedBy: e.approvedBy,
        createdAt: e.createdAt,
        expiresAt: e.expiresAt,
        createdBy,
      })
      .returning()
      .get();
  }

  /** Sets revoked_at once; false when it was already revoked. */
  revoke(id: string, at: string, by: string): boolean {
    return (
      this.db
        .update(policyExceptions)
        .set({ revokedAt: at, revokedBy: by })
        .where(and(eq(policyExceptions.id, id), eq(policyExceptions.organisationId, this.org), isNull(policyExceptions.revokedAt)))
        .run().changes > 0
    );
  }

  /** Unrevoked exceptions past their end at `now` whose expiry was not handled yet. */
  expiredUnhandled(now: string): ExceptionRow[] {
    return this.db
      .select()
      .from(policyExceptions)
      .where(
        and(
          eq(policyExceptions.organisationId, this.org),
          isNull(policyExceptions.revokedAt),
          isNull(policyExceptions.expiryHandledAt),
          lte(policyExceptions.expiresAt, now),
        ),
      )
      .all();
  }

  /** Marks the expiry handled; false when another run already did. */
  markExpiryHandled(id: string, at: string): boolean {
    return (
      this.db
        .update(policyExceptions)
        .set({ expiryHandledAt: at })
        .where(and(eq(policyExceptions.id, id), eq(policyExceptions.organisationId, this.org), isNull(policyExceptions.expiryHandledAt)))
        .run().changes > 0
    );
  }
}
