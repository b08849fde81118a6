import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { enrolmentTokens } from '../schema/index.js';

export type EnrolmentTokenRow = typeof enrolmentTokens.$inferSelect;

/** The token with this hash in any organisation: /agent/enroll learns the organisation from the token. */
export function findEnrolmentTokenAnyOrganisation(db: Executor, tokenHash: string): EnrolmentTokenRow | undefined {
  return db.select().from(enrolmentTokens).where(eq(enrolmentTokens.tokenHash, tokenHash)).get();
}

export class EnrolmentTokensRepository {
  constructor(
    private readonly db: Executor,
    private readonly org: number,
  ) {}

  create(row: Omit<typeof enrolmentTokens.$inferInsert, 'id' | 'organisationId'>): EnrolmentTokenRow {
    return this.db
      .insert(enrolmentTokens)
      .values({ ...row, organisationId: this.org })
      .returning()
      .get();
  }

  findByHash(tokenHash: string): EnrolmentTokenRow | undefined {
    return this.db
      .select()
      .from(enrolmentTokens)
      .where(and(eq(enrolmentTokens.tokenHash, tokenHash), eq(enrolmentTokens.organisationId, this.org)))
      .get();
  }

  findById(id: number): EnrolmentTokenRow | undefined {
    return this.db
      .select()
      .from(enrolmentTokens)
      .where(and(eq(enrolmentTokens.id, id), eq(enrolmentTokens.organisationId, this.org)))
      .get();
  }

  /** Every token, newest first. */
  list(): EnrolmentTokenRow[] {
    return this.db.select().from(enrolmentTokens).where(eq(enrolmentTokens.organisationId, this.org)).orderBy(desc(enrolmentTokens.id)).all();
  }

  revoke(id: number, at: string): boolean {
    return (
      this.db
        .update(enrolmentTokens)
        .set({ revokedAt: at })
        .where(and(eq(enrolmentTokens.id, id), eq(enrolmentTokens.organisationId, this.org), isNull(enrolmentTokens.revokedAt)))
        .run().changes > 0
    );
  }

  decrementUses(id: number): void {
    this.db
      .update(enrolmentTokens)
      .set({ usesLeft: sql`${enrolmentTokens.usesLeft} - 1` })
      .where(and(eq(enrolmentTokens.id, id), eq(enrolmentTokens.organisationId, this.org)))
      .run();
  }
}
