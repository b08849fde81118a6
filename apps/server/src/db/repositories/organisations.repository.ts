import { and, asc, eq, sql } from 'drizzle-orm';
import type { OrganisationMembership, UserRole } from '@safefleet/protocol';
import type { Executor } from '../client.js';
import { organisationMemberships, organisations } from '../schema/index.js';

export type OrganisationRow = typeof organisations.$inferSelect;

/** Per-organisation figures of the provider overview, from the maintained counts (no scan of devices). */
export interface OrganisationFigures {
  organisationId: number;
  status: Record<string, number>;
  openAlerts: number;
  openConcerns: number;
  lastReportAt: string | null;
}

/**
 * CONSOLE-WIDE: the organisations themselves and who belongs to which (used by sign-in, the session,
 * the organisation switcher and the provider overview). Never a way to read an organisation's data.
 */
export class OrganisationsConsoleWideRepository {
  constructor(private readonly db: Executor) {}

  findById(id: number): OrganisationRow | undefined {
    return this.db.select().from(organisations).where(eq(organisations.id, id)).get();
  }

  ids(): number[] {
    return this.db
      .select({ id: organisations.id })
      .from(organisations)
      .orderBy(asc(organisations.id))
      .all()
      .map((r) => r.id);
  }

  create(name: string, at: string): OrganisationRow {
    return this.db.insert(organisations).values({ name, createdAt: at }).returning().get();
  }

  rename(id: number, name: string): void {
    this.db.update(organisations).set({ name }).where(eq(organisations.id, id)).run();
  }

  /** The user's memberships, ordered by organisation name (then id). */
  membershipsOf(userId: number): OrganisationMembership[] {
    return this.db
      .select({ id: organisations.id, name: organisations.name, role: organisationMemberships.role })
      .from(organisationMemberships)
      .innerJoin(organisations, eq(organisations.id, organisationMemberships.organisationId))
      .where(eq(organisationMemberships.userId, userId))
      .orderBy(asc(organisations.name), asc(organisations.id))
      .all();
  }

  roleIn(userId: number, organisationId: number): UserRole | undefined {
    return this.db
      .select({ role: organisationMemberships.role })
      .from(organisationMemberships)
      .where(and(eq(organisationMemberships.userId, userId), eq(organisationMemberships.organisationId, organisationId)))
      .get()?.role;
  }

  /** The organisation a new session acts in: the user's membership with the lowest organisation id. */
  firstOrganisationOf(userId: number): number | undefined {
    return this.db
      .select({ id: organisationMemberships.organisationId })
      .from(organisationMemberships)
      .where(eq(organisationMemberships.userId, userId))
      .orderBy(asc(organisationMemberships.organisationId))
      .limit(1)
      .get()?.id;
  }

  /** How many memberships the user has left (a user with none is removed). */
  membershipCount(userId: number): number {
    return this.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM organisation_memberships WHERE user_id = ${userId}`)[0]?.n ?? 0;
  }

  /**
   * The provider overview's figures for these organisations: device counts per status from fleet_counts
   * (kept by triggers), open alerts and open concerns as counts (indexes leading with organisation_id),
   * and the latest report time. Concern details are never read here.
   */
  figures(organisationIds: number[]): OrganisationFigures[] {
    return organisationIds.map((id) => {
      const status: Record<string, number> = {};
      for (const r of this.db.all<{ status: string; n: number }>(
        sql`SELECT status, n FROM fleet_counts WHERE organisation_id = ${id} AND kind = 'status' AND key = ''`,
      )) {
        status[r.status] = r.n;
      }
      const one = (q: ReturnType<typeof sql>) => this.db.all<{ n: number | null; at?: string | null }>(q)[0];
      return {
        organisationId: id,
        status,
        openAlerts: one(sql`SELECT count(*) AS n FROM alerts WHERE organisation_id = ${id} AND status = 'open'`)?.n ?? 0,
        openConcerns: one(sql`SELECT count(*) AS n FROM concerns WHERE organisation_id = ${id} AND status <> 'closed'`)?.n ?? 0,
        lastReportAt: one(sql`SELECT max(last_report_at) AS at, 0 AS n FROM devices WHERE organisation_id = ${id}`)?.at ?? null,
      };
    });
  }
}
