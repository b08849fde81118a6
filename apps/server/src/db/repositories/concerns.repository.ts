import { and, asc, desc, eq, inArray, isNotNull, isNull, ne, type SQL } from 'drizzle-orm';
import type { ConcernStatus } from '@safefleet/protocol';
import type { Executor } from '../client.js';
import { alerts, concernEvents, concerns } from '../schema/index.js';

export type ConcernRow = typeof concerns.$inferSelect;
export type NewConcernRow = Omit<typeof concerns.$inferInsert, 'organisationId'>;
export type ConcernEventRow = typeof concernEvents.$inferSelect;

export class ConcernsRepository {
  constructor(
    private readonly db: Executor,
    private readonly org: number,
  ) {}

  create(row: NewConcernRow): ConcernRow {
    return this.db
      .insert(concerns)
      .values({ ...row, organisationId: this.org })
      .returning()
      .get();
  }

  findById(id: number): ConcernRow | undefined {
    return this.db
      .select()
      .from(concerns)
      .where(and(eq(concerns.id, id), eq(concerns.organisationId, this.org)))
      .get();
  }

  /** Concern ids keyed by alert id (the alert that raised it, or one that joined it later). */
  idsByAlert(alertIds: string[]): Map<string, number> {
    const out = new Map<string, number>();
    if (alertIds.length === 0) return out;
    const rows = this.db
      .select({ id: concerns.id, alertId: concerns.alertId })
      .from(concerns)
      .where(and(eq(concerns.organisationId, this.org), inArray(concerns.alertId, alertIds)))
      .all();
    for (const r of rows) if (r.alertId) out.set(r.alertId, r.id);
    const joined = this.db
      .select({ id: alerts.id, concernId: alerts.concernId })
      .from(alerts)
      .where(and(eq(alerts.organisationId, this.org), inArray(alerts.id, alertIds), isNotNull(alerts.concernId)))
      .all();
    for (const j of joined) if (j.concernId !== null && !out.has(j.id)) out.set(j.id, j.concernId);
    return out;
  }

  /** The device's concern waiting for triage with the same keeper (the newest), if any. */
  waitingForDevice(deviceId: string, keeperName: string | null): ConcernRow | undefined {
    return this.db
      .select()
      .from(concerns)
      .where(
        and(
          eq(concerns.organisationId, this.org),
          eq(concerns.deviceId, deviceId),
          eq(concerns.status, 'to-triage'),
          keeperName === null ? isNull(concerns.keeperName) : eq(concerns.keeperName, keeperName),
        ),
      )
      .orderBy(desc(concerns.id))
      .limit(1)
      .get();
  }

  update(id: number, patch: Partial<Omit<ConcernRow, 'id' | 'organisationId'>>): void {
    this.db
      .update(concerns)
      .set(patch)
      .where(and(eq(concerns.id, id), eq(concerns.organisationId, this.org)))
      .run();
  }

  list(q: { status?: ConcernStatus; open?: boolean; deviceId?: string; limit?: number | undefined }): ConcernRow[] {
    const where: SQL[] = [eq(concerns.organisationId, this.org)];
    if (q.status) where.push(eq(concerns.status, q.status));
    if (q.open === true) where.push(ne(concerns.status, 'closed'));
    if (q.open === false) where.push(eq(concerns.status, 'closed'));
    if (q.deviceId) where.push(eq(concerns.deviceId, q.deviceId));
    const base = this.db
      .select()
      .from(concerns)
      .where(and(...where))
      .orderBy(desc(concerns.loggedAt), desc(concerns.id));
    return q.limit === undefined ? base.all() : base.limit(q.limit).all();
  }

  /** Moves a concern on only from the expected status; false when it was not in it. */
  transition(id: number, from: ConcernStatus, patch: Partial<Omit<ConcernRow, 'id' | 'organisationId'>>): boolean {
    return (
      this.db
        .update(concerns)
        .set(patch)
        .where(and(eq(concerns.id, id), eq(concerns.organisationId, this.org), eq(concerns.status, from)))
        .run().changes > 0
    );
  }

  touch(id: number, updatedAt: string): void {
    this.db
      .update(concerns)
      .set({ updatedAt })
      .where(and(eq(concerns.id, id), eq(concerns.organisationId, this.org)))
      .run();
  }

  addEvent(row: Omit<typeof concernEvents.$inferInsert, 'organisationId'>): void {
    this.db
      .insert(concernEvents)
      .values({ ...row, organisationId: this.org })
      .run();
  }

  events(concernId: number): ConcernEventRow[] {
    return this.db
      .select()
      .from(concernEvents)
      .where(and(eq(concernEvents.organisationId, this.org), eq(concernEvents.concernId, concernId)))
      .orderBy(asc(concernEvents.id))
      .all();
  }
}
