import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { enrolmentTokens } from '../schema/index.js';

export type EnrolmentTokenRow = typeof enrolmentTokens.$inferSelect;

export class EnrolmentTokensRepository {
  constructor(private readonly db: Executor) {}

  create(row: Omit<typeof enrolmentTokens.$inferInsert, 'id'>): EnrolmentTokenRow {
    return this.db.insert(enrolmentTokens).values(row).returning().get();
  }

  findByHash(tokenHash: string): EnrolmentTokenRow | undefined {
    return this.db.select().from(enrolmentTokens).where(eq(enrolmentTokens.tokenHash, tokenHash)).get();
  }

  findById(id: number): EnrolmentTokenRow | undefined {
    return this.db.select().from(enrolmentTokens).where(eq(enrolmentTokens.id, id)).get();
  }

  /** Every token, newest first. */
  list(): EnrolmentTokenRow[] {
    return this.db.select().from(enrolmentTokens).orderBy(desc(enrolmentTokens.id)).all();
  }

  revoke(id: number, at: string): boolean {
    return (
      this.db
        .update(enrolmentTokens)
        .set({ revokedAt: at })
        .where(and(eq(enrolmentTokens.id, id), isNull(enrolmentTokens.revokedAt)))
        .run().changes > 0
    );
  }

  decrementUses(id: number): void {
    this.db
      .update(enrolmentTokens)
      .set({ usesLeft: sql`${enrolmentTokens.usesLeft} - 1` })
      .where(eq(enrolmentTokens.id, id))
      .run();
  }
}
