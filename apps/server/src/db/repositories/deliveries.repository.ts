import { and, asc, desc, eq, inArray, lte, min, type SQL } from 'drizzle-orm';
import type { DeliveryChannel, DeliveryKind, DeliveryStatus } from '@safefleet/protocol';
import type { Executor } from '../client.js';
import { alertDeliveries, alertDeliveryAttempts } from '../schema/index.js';

export type DeliveryRow = typeof alertDeliveries.$inferSelect;
export type NewDeliveryRow = Omit<typeof alertDeliveries.$inferInsert, 'organisationId'>;
export type DeliveryAttemptRow = typeof alertDeliveryAttempts.$inferSelect;

export class DeliveriesRepository {
  constructor(
    private readonly db: Executor,
    private readonly org: number,
  ) {}

  /** Queues a delivery; undefined when one with the same dedupe key exists. */
  insertIfNew(row: NewDeliveryRow): DeliveryRow | undefined {
    return this.db
      .insert(alertDeliveries)
      .values({ ...row, organisationId: this.org })
      .onConflictDoNothing()
      .returning()
      .get();
  }

  /** The new-alert messages of these alerts (for their delivery state). */
  openedForAlerts(alertIds: string[]): DeliveryRow[] {
    if (alertIds.length === 0) return [];
    return this.db
      .select()
      .from(alertDeliveries)
      .where(and(eq(alertDeliveries.organisationId, this.org), inArray(alertDeliveries.alertId, alertIds), eq(alertDeliveries.kind, 'alert-opened')))
      .all();
  }

  /** The delivery queued under this dedupe key, if any (scheduled emails check before building a message). */
  findByDedupeKey(dedupeKey: string): DeliveryRow | undefined {
    return this.db
      .select()
      .from(alertDeliveries)
      .where(and(eq(alertDeliveries.organisationId, this.org), eq(alertDeliveries.dedupeKey, dedupeKey)))
      .get();
  }

  findById(id: number): DeliveryRow | undefined {
    return this.db
      .select()
      .from(alertDeliveries)
      .where(and(eq(alertDeliveries.id, id), eq(alertDeliveries.organisationId, this.org)))
      .get();
  }

  /** Pending deliveries whose next attempt is due, oldest first. */
  due(nowIso: string, limit: number): DeliveryRow[] {
    return this.db
      .select()
      .from(alertDeliveries)
      .where(and(eq(alertDeliveries.organisationId, this.org), eq(alertDeliveries.status, 'pending'), lte(alertDeliveries.nextAttemptAt, nowIso)))
      .orderBy(asc(alertDeliveries.nextAttemptAt), asc(alertDeliveries.id))
      .limit(limit)
      .all();
  }

  /** When the earliest pending delivery is due (null when none is pending). */
  nextDueAt(): string | null {
    const r = this.db
      .select({ at: min(alertDeliveries.nextAttemptAt) })
      .from(alertDeliveries)
      .where(and(eq(alertDeliveries.organisationId, this.org), eq(alertDeliveries.status, 'pending')))
      .get();
    return r?.at ?? null;
  }

  update(id: number, patch: Partial<Omit<DeliveryRow, 'id' | 'organisationId'>>): void {
    this.db
      .update(alertDeliveries)
      .set(patch)
      .where(and(eq(alertDeliveries.id, id), eq(alertDeliveries.organisationId, this.org)))
      .run();
  }

  /** Makes every pending delivery of a channel due now (after its settings changed). */
  makeDueNow(channel: DeliveryChannel, nowIso: string): number {
    return this.db
      .update(alertDeliveries)
      .set({ nextAttemptAt: nowIso })
      .where(and(eq(alertDeliveries.organisationId, this.org), eq(alertDeliveries.status, 'pending'), eq(alertDeliveries.channel, channel)))
      .run().changes;
  }

  addAttempt(row: typeof alertDeliveryAttempts.$inferInsert): void {
    this.db.insert(alertDeliveryAttempts).values(row).run();
  }

  attemptsFor(ids: number[]): Map<number, DeliveryAttemptRow[]> {
    const out = new Map<number, DeliveryAttemptRow[]>();
    if (ids.length === 0) return out;
    const rows = this.db
      .select()
      .from(alertDeliveryAttempts)
      .where(inArray(alertDeliveryAttempts.deliveryId, ids))
      .orderBy(asc(alertDeliveryAttempts.id))
      .all();
    for (const r of rows) out.set(r.deliveryId, [...(out.get(r.deliveryId) ?? []), r]);
    return out;
  }

  list(q: { alertId?: string; status?: DeliveryStatus; kind?: DeliveryKind; limit: number }): DeliveryRow[] {
    const where: SQL[] = [eq(alertDeliveries.organisationId, this.org)];
    if (q.alertId) where.push(eq(alertDeliveries.alertId, q.alertId));
    if (q.status) where.push(eq(alertDeliveries.status, q.status));
    if (q.kind) where.push(eq(alertDeliveries.kind, q.kind));
    return this.db
      .select()
      .from(alertDeliveries)
      .where(and(...where))
      .orderBy(desc(alertDeliveries.id))
      .limit(q.limit)
      .all();
  }

  byIds(ids: number[]): DeliveryRow[] {
    if (ids.length === 0) return [];
    return this.db
      .select()
      .from(alertDeliveries)
      .where(and(eq(alertDeliveries.organisationId, this.org), inArray(alertDeliveries.id, ids)))
      .all();
  }

  /** Technical alert emails held for the daily digest, oldest first. */
  held(): DeliveryRow[] {
    return this.db
      .select()
      .from(alertDeliveries)
      .where(and(eq(alertDeliveries.organisationId, this.org), eq(alertDeliveries.status, 'held')))
      .orderBy(asc(alertDeliveries.id))
      .all();
  }

  markDigested(ids: number[], digestId: number, at: string): void {
    if (ids.length === 0) return;
    this.db
      .update(alertDeliveries)
      .set({ status: 'digested', digestId, sentAt: at, nextAttemptAt: null })
      .where(and(eq(alertDeliveries.organisationId, this.org), inArray(alertDeliveries.id, ids), eq(alertDeliveries.status, 'held')))
      .run();
  }
}
