import { and, asc, count, desc, eq, inArray, type SQL } from 'drizzle-orm';
import type { AlertStatus, ControlId } from '@safefleet/protocol';
import type { Executor } from '../client.js';
import { alerts } from '../schema/index.js';

export type AlertRow = typeof alerts.$inferSelect;
export type NewAlertRow = Omit<typeof alerts.$inferInsert, 'organisationId'>;

export interface AlertFilter {
  status?: AlertStatus | undefined;
  deviceId?: string | undefined;
  control?: ControlId | undefined;
}

function alertWhere(organisationId: number, q: AlertFilter): SQL | undefined {
  const where: SQL[] = [eq(alerts.organisationId, organisationId)];
  if (q.status) where.push(eq(alerts.status, q.status));
  if (q.deviceId) where.push(eq(alerts.deviceId, q.deviceId));
  if (q.control) where.push(eq(alerts.control, q.control));
  return and(...where);
}

export class AlertsRepository {
  constructor(
    private readonly db: Executor,
    private readonly org: number,
  ) {}

  /** Inserts an open alert; undefined when one is already open for that device and control. */
  insertOpen(row: NewAlertRow): AlertRow | undefined {
    return this.db
      .insert(alerts)
      .values({ ...row, organisationId: this.org })
      .onConflictDoNothing()
      .returning()
      .get();
  }

  findById(id: string): AlertRow | undefined {
    return this.db
      .select()
      .from(alerts)
      .where(and(eq(alerts.id, id), eq(alerts.organisationId, this.org)))
      .get();
  }

  openForDevice(deviceId: string): AlertRow[] {
    return this.db
      .select()
      .from(alerts)
      .where(and(eq(alerts.organisationId, this.org), eq(alerts.deviceId, deviceId), eq(alerts.status, 'open')))
      .all();
  }

  allOpen(): AlertRow[] {
    return this.db
      .select()
      .from(alerts)
      .where(and(eq(alerts.organisationId, this.org), eq(alerts.status, 'open')))
      .orderBy(asc(alerts.openedAt))
      .all();
  }

  /** Matching alerts, newest first: every one unless `limit` is given, then from `offset`. */
  list(q: AlertFilter & { limit?: number | undefined; offset?: number }): AlertRow[] {
    const base = this.db.select().from(alerts).where(alertWhere(this.org, q)).orderBy(desc(alerts.openedAt), desc(alerts.id));
    return q.limit === undefined
      ? base.all()
      : base
          .limit(q.limit)
          .offset(q.offset ?? 0)
          .all();
  }

  /** How many alerts match (the true total shown beside a page). */
  count(q: AlertFilter): number {
    return this.db.select({ n: count() }).from(alerts).where(alertWhere(this.org, q)).get()?.n ?? 0;
  }

  byIds(ids: string[]): AlertRow[] {
    if (ids.length === 0) return [];
    return this.db
      .select()
      .from(alerts)
      .where(and(eq(alerts.organisationId, this.org), inArray(alerts.id, ids)))
      .all();
  }

  update(id: string, patch: Partial<Omit<AlertRow, 'id' | 'organisationId'>>): void {
    this.db
      .update(alerts)
      .set(patch)
      .where(and(eq(alerts.id, id), eq(alerts.organisationId, this.org)))
      .run();
  }

  /** Resolves an open alert; false when it was not open. */
  resolve(id: string, at: string, reason: string): boolean {
    return (
      this.db
        .update(alerts)
        .set({ status: 'resolved', resolvedAt: at, resolvedReason: reason, updatedAt: at })
        .where(and(eq(alerts.id, id), eq(alerts.organisationId, this.org), eq(alerts.status, 'open')))
        .run().changes > 0
    );
  }
}
