import { and, asc, count, eq, isNull, lt, min, or } from 'drizzle-orm';
import type { UserRole } from '@safefleet/protocol';
import type { Executor } from '../client.js';
import { organisationMemberships, users } from '../schema/index.js';

export type UserRow = typeof users.$inferSelect;

export class UsersRepository {
  constructor(private readonly db: Executor) {}

  count(): number {
    return this.db.select({ n: count() }).from(users).get()?.n ?? 0;
  }

  findByEmail(email: string): UserRow | undefined {
    return this.db.select().from(users).where(eq(users.email, email.toLowerCase())).get();
  }

  findById(id: number): UserRow | undefined {
    return this.db.select().from(users).where(eq(users.id, id)).get();
  }

  create(input: { email: string; role: UserRole; passwordHash: string; createdAt: string }): UserRow {
    return this.db
      .insert(users)
      .values({ ...input, email: input.email.toLowerCase() })
      .returning()
      .get();
  }

  /** Every user, ordered by email. */
  /** When the first console user was created: the day the console was set up (null before that). */
  firstCreatedAt(): string | null {
    return (
      this.db
        .select({ at: min(users.createdAt) })
        .from(users)
        .get()?.at ?? null
    );
  }

  list(): UserRow[] {
    return this.db.select().from(users).orderBy(asc(users.email)).all();
  }

  countByRole(role: UserRole): number {
    return this.db.select({ n: count() }).from(users).where(eq(users.role, role)).get()?.n ?? 0;
  }

  update(id: number, patch: { role?: UserRole; passwordHash?: string }): void {
    this.db.update(users).set(patch).where(eq(users.id, id)).run();
  }

  /** Two-step sign-in fields (null clears them). */
  setTotp(
    id: number,
    patch: { totpSecret?: string | null; totpEnabledAt?: string | null; totpLastStep?: number | null; totpRecoveryJson?: string | null },
  ): void {
    this.db.update(users).set(patch).where(eq(users.id, id)).run();
  }

  /** Records `step` as used if it is later than the last used one; false when it was used already. */
  claimTotpStep(id: number, step: number): boolean {
    return (
      this.db
        .update(users)
        .set({ totpLastStep: step })
        .where(and(eq(users.id, id), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
        .run().changes === 1
    );
  }

  /** How many organisations the user belongs to. */
  membershipCount(id: number): number {
    return this.db.select({ n: count() }).from(organisationMemberships).where(eq(organisationMemberships.userId, id)).get()?.n ?? 0;
  }

  /** Deletes the user (their sessions go with them: ON DELETE CASCADE). */
  delete(id: number): boolean {
    return this.db.delete(users).where(eq(users.id, id)).run().changes > 0;
  }
}
