import { and, eq, gt, lte, ne } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { organisationMemberships, sessions, users } from '../schema/index.js';

export type SessionRow = typeof sessions.$inferSelect;
export type UserRow = typeof users.$inferSelect;

export class SessionsRepository {
  constructor(private readonly db: Executor) {}

  create(row: SessionRow): void {
    this.db.insert(sessions).values(row).run();
  }

  /**
   * The session, its user and the user's role in the session's organisation, if the session exists,
   * has not expired at `now` and the user is still a member of that organisation.
   */
  findValid(id: string, now: string): { session: SessionRow; user: UserRow; role: UserRow['role'] } | undefined {
    return this.db
      .select({ session: sessions, user: users, role: organisationMemberships.role })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .innerJoin(
        organisationMemberships,
        and(eq(organisationMemberships.userId, sessions.userId), eq(organisationMemberships.organisationId, sessions.organisationId)),
      )
      .where(and(eq(sessions.id, id), gt(sessions.expiresAt, now)))
      .get();
  }

  /** The session now acts in `organisationId` (POST /api/auth/organisation). */
  setOrganisation(id: string, organisationId: number): void {
    this.db.update(sessions).set({ organisationId }).where(eq(sessions.id, id)).run();
  }

  touch(id: string, lastSeenAt: string, expiresAt: string): void {
    this.db.update(sessions).set({ lastSeenAt, expiresAt }).where(eq(sessions.id, id)).run();
  }

  delete(id: string): void {
    this.db.delete(sessions).where(eq(sessions.id, id)).run();
  }

  /** Ends every session of a user, except `keepId` (the caller's own) when given. */
  deleteForUser(userId: number, keepId?: string): number {
    const where = keepId ? and(eq(sessions.userId, userId), ne(sessions.id, keepId)) : eq(sessions.userId, userId);
    return this.db.delete(sessions).where(where).run().changes;
  }

  deleteExpired(now: string): number {
    return this.db.delete(sessions).where(lte(sessions.expiresAt, now)).run().changes;
  }
}
