import { and, asc, count, eq } from 'drizzle-orm';
import type { UserRole } from '@safefleet/protocol';
import type { Executor } from '../client.js';
import { organisationMemberships, users } from '../schema/index.js';
import type { UserRow } from './users.repository.js';

/** A user as a member of the organisation: `role` is their role there (not users.role). */
export type MemberRow = UserRow & { role: UserRole; memberSince: string };

/** The organisation's members and their roles (organisation_memberships of `org`). */
export class MembershipsRepository {
  constructor(
    private readonly db: Executor,
    private readonly org: number,
  ) {}

  roleOf(userId: number): UserRole | undefined {
    return this.db
      .select({ role: organisationMemberships.role })
      .from(organisationMemberships)
      .where(and(eq(organisationMemberships.organisationId, this.org), eq(organisationMemberships.userId, userId)))
      .get()?.role;
  }

  /** The member with this id (404 material when not a member here). */
  member(userId: number): MemberRow | undefined {
    const r = this.db
      .select({ user: users, role: organisationMemberships.role, memberSince: organisationMemberships.createdAt })
      .from(organisationMemberships)
      .innerJoin(users, eq(users.id, organisationMemberships.userId))
      .where(and(eq(organisationMemberships.organisationId, this.org), eq(organisationMemberships.userId, userId)))
      .get();
    return r ? { ...r.user, role: r.role, memberSince: r.memberSince } : undefined;
  }

  /** Every member, ordered by email. */
  members(): MemberRow[] {
    return this.db
      .select({ user: users, role: organisationMemberships.role, memberSince: organisationMemberships.createdAt })
      .from(organisationMemberships)
      .innerJoin(users, eq(users.id, organisationMemberships.userId))
      .where(eq(organisationMemberships.organisationId, this.org))
      .orderBy(asc(users.email))
      .all()
      .map((r) => ({ ...r.user, role: r.role, memberSince: r.memberSince }));
  }

  add(userId: number, role: UserRole, at: string): void {
    this.db.insert(organisationMemberships).values({ userId, organisationId: this.org, role, createdAt: at }).run();
  }

  setRole(userId: number, role: UserRole): void {
    this.db
      .update(organisationMemberships)
      .set({ role })
      .where(and(eq(organisationMemberships.organisationId, this.org), eq(organisationMemberships.userId, userId)))
      .run();
  }

  remove(userId: number): boolean {
    return (
      this.db
        .delete(organisationMemberships)
        .where(and(eq(organisationMemberships.organisationId, this.org), eq(organisationMemberships.userId, userId)))
        .run().changes > 0
    );
  }

  countByRole(role: UserRole): number {
    return (
      this.db
        .select({ n: count() })
        .from(organisationMemberships)
        .where(and(eq(organisationMemberships.organisationId, this.org), eq(organisationMemberships.role, role)))
        .get()?.n ?? 0
    );
  }
}
