import { and, asc, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { DeviceStatus } from '@safefleet/protocol';
import type { Executor } from '../client.js';
import { prepared } from '../prepared.js';
import { devices } from '../schema/index.js';

/** A placeholder usable where drizzle expects a value in `.set()`. */
const ph = (name: string) => sql`${sql.placeholder(name)}`;

export type DeviceRow = typeof devices.$inferSelect;
export type NewDeviceRow = Omit<typeof devices.$inferInsert, 'organisationId'>;

/**
 * A device by id in any organisation: only for the agent gateway, which learns the organisation from
 * the device (fixed at enrolment by its token) before anything else is read.
 */
export function findDeviceAnyOrganisation(db: Executor, id: string): DeviceRow | undefined {
  return prepared(db, 'devices.findAnyOrganisation', (d) =>
    d
      .select()
      .from(devices)
      .where(eq(devices.id, sql.placeholder('id')))
      .prepare(),
  ).get({ id });
}

export class DevicesRepository {
  constructor(
    private readonly db: Executor,
    private readonly org: number,
  ) {}

  create(row: NewDeviceRow): DeviceRow {
    return this.db
      .insert(devices)
      .values({ ...row, organisationId: this.org })
      .returning()
      .get();
  }

  /** The device enrolled from the machine with this hardware id (a keyed hash), newest first. */
  findByHardwareId(hardwareId: string): DeviceRow | undefined {
    return this.db
      .select()
      .from(devices)
      .where(and(eq(devices.organisationId, this.org), eq(devices.hardwareId, hardwareId)))
      .orderBy(desc(devices.enrolledAt))
      .limit(1)
      .get();
  }

  findById(id: string): DeviceRow | undefined {
    return prepared(this.db, 'devices.findById', (db) =>
      db
        .select()
        .from(devices)
        .where(and(eq(devices.id, sql.placeholder('id')), eq(devices.organisationId, sql.placeholder('org'))))
        .prepare(),
    ).get({ id, org: this.org });
  }

  /** Hot path (every hello, every duplicate report): only last_seen_at changes. */
  touchSeen(id: string, lastSeenAt: string): void {
    prepared(this.db, 'devices.touchSeen', (db) =>
      db
        .update(devices)
        .set({ lastSeenAt: ph('at') })
        .where(and(eq(devices.id, sql.placeholder('id')), eq(devices.organisationId, sql.placeholder('org'))))
        .prepare(),
    ).run({ org: this.org, id, at: lastSeenAt });
  }

  /** Hot path (every connection's hello): versions, names and last seen. */
  recordHello(id: string, hello: { agentVersion: string; hostname: string; platform: string; lastSeenAt: string }): void {
    prepared(this.db, 'devices.recordHello', (db) =>
      db
        .update(devices)
        .set({ agentVersion: ph('agentVersion'), hostname: ph('hostname'), platform: ph('platform'), lastSeenAt: ph('lastSeenAt') })
        .where(and(eq(devices.id, sql.placeholder('id')), eq(devices.organisationId, sql.placeholder('org'))))
        .prepare(),
    ).run({ org: this.org, id, ...hello });
  }

  /** Hot path (every stored report): seen, reported and, for the newest collection, its report. */
  recordReport(id: string, at: string, latest: { reportId: string; agentVersion: string } | null): void {
    if (latest) {
      prepared(this.db, 'devices.recordLatestReport', (db) =>
        db
          .update(devices)
          .set({
            lastSeenAt: ph('at'),
            lastReportAt: ph('at'),
            latestReportId: ph('reportId'),
            agentVersion: ph('agentVersion'),
          })
          .where(and(eq(devices.id, sql.placeholder('id')), eq(devices.organisationId, sql.placeholder('org'))))
          .prepare(),
      ).run({ org: this.org, id, at, reportId: latest.reportId, agentVersion: latest.agentVersion });
    } else {
      prepared(this.db, 'devices.recordOlderReport', (db) =>
        db
          .update(devices)
          .set({ lastSeenAt: ph('at'), lastReportAt: ph('at') })
          .where(and(eq(devices.id, sql.placeholder('id')), eq(devices.organisationId, sql.placeholder('org'))))
          .prepare(),
      ).run({ org: this.org, id, at });
    }
  }

  /** Devices ordered by hostname; revoked ones only when asked. */
  list(opts: { includeRevoked?: boolean } = {}): DeviceRow[] {
    const q = this.db.select().from(devices);
    const mine = eq(devices.organisationId, this.org);
    return (opts.includeRevoked ? q.where(mine) : q.where(and(mine, isNull(devices.revokedAt))))
      .orderBy(asc(devices.hostname), asc(devices.id))
      .all();
  }

  /**
   * Non-revoked devices a password may be due on by `horizon` (ISO): those whose earliest due date
   * is on or before it, and those not computed yet (NULL). Uses devices_password_due_idx, so the
   * hourly prompt job reads only these, not the whole fleet.
   */
  passwordDueBy(horizon: string): DeviceRow[] {
    // Two index ranges (never computed; due by the horizon), each forced onto devices_password_due_idx:
    // with the organisation first in every devices index the planner would otherwise read all the
    // organisation's devices through the hostname index.
    const ids = this.db
      .all<{ id: string }>(
        sql`SELECT id FROM devices INDEXED BY devices_password_due_idx
            WHERE organisation_id = ${this.org} AND password_due_at IS NULL AND revoked_at IS NULL
            UNION ALL
            SELECT id FROM devices INDEXED BY devices_password_due_idx
            WHERE organisation_id = ${this.org} AND password_due_at <= ${horizon} AND revoked_at IS NULL`,
      )
      .map((r) => r.id);
    const rows: DeviceRow[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      rows.push(
        ...this.db
          .select()
          .from(devices)
          .where(and(eq(devices.organisationId, this.org), inArray(devices.id, ids.slice(i, i + 500))))
          .all(),
      );
    }
    return rows.sort((a, b) => (a.hostname < b.hostname ? -1 : a.hostname > b.hostname ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  setPasswordDue(id: string, passwordDueAt: string): void {
    prepared(this.db, 'devices.setPasswordDue', (db) =>
      db
        .update(devices)
        .set({ passwordDueAt: ph('due') })
        .where(and(eq(devices.id, sql.placeholder('id')), eq(devices.organisationId, sql.placeholder('org'))))
        .prepare(),
    ).run({ org: this.org, id, due: passwordDueAt });
  }

  /** The non-revoked device with this serial number (case-insensitive), if any. */
  findBySerial(serial: string): DeviceRow | undefined {
    return this.db
      .select()
      .from(devices)
      .where(and(eq(devices.organisationId, this.org), sql`lower(${devices.serial}) = ${serial.trim().toLowerCase()}`, isNull(devices.revokedAt)))
      .get();
  }

  update(id: string, patch: Partial<Omit<DeviceRow, 'id' | 'organisationId'>>): void {
    this.db
      .update(devices)
      .set(patch)
      .where(and(eq(devices.id, id), eq(devices.organisationId, this.org)))
      .run();
  }

  setStatus(id: string, status: DeviceStatus): void {
    prepared(this.db, 'devices.setStatus', (db) =>
      db
        .update(devices)
        .set({ status: ph('status') })
        .where(and(eq(devices.id, sql.placeholder('id')), eq(devices.organisationId, sql.placeholder('org'))))
        .prepare(),
    ).run({ org: this.org, id, status });
  }

  /**
   * One page of active devices, filtered and sorted in SQL, and the number of matches. The status
   * filtered and sorted on is the status as of now: a device silent since before `staleBefore`
   * (ISO; null when the check-in control is off) counts as stale even before the job marks it.
   */
  page(q: {
    status?: DeviceStatus | undefined;
    /** Whether `q` also matches keeper names (false for a viewer). */
    matchKeeper?: boolean;
    q?: string | undefined;
    kind?: string | undefined;
    source?: string | undefined;
    sort: 'hostname' | 'lastSeenAt' | 'status';
    order: 'asc' | 'desc';
    offset: number;
    limit: number;
    staleBefore: string | null;
  }): { rows: DeviceRow[]; total: number } {
    const current = q.staleBefore
      ? sql`(CASE WHEN ${devices.status} <> 'stale' AND ${devices.lastSeenAt} < ${q.staleBefore}
              AND EXISTS (SELECT 1 FROM findings f WHERE f.device_id = ${devices.id} AND f.control = 'agent-checkin' AND f.status <> 'fail')
              THEN 'stale' ELSE ${devices.status} END)`
      : sql`${devices.status}`;
    const where = [eq(devices.organisationId, this.org), isNull(devices.revokedAt)];
    if (q.status) where.push(sql`${current} = ${q.status}`);
    if (q.kind) where.push(eq(devices.kind, q.kind));
    if (q.source) where.push(eq(devices.sourceType, q.source));
    if (q.q) {
      const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.push(
        q.matchKeeper
          ? sql`(${devices.hostname} LIKE ${like} ESCAPE '\\' OR ${devices.keeperName} LIKE ${like} ESCAPE '\\')`
          : sql`${devices.hostname} LIKE ${like} ESCAPE '\\'`,
      );
    }
    const key = q.sort === 'lastSeenAt' ? devices.lastSeenAt : q.sort === 'status' ? current : devices.hostname;
    const dir = q.order === 'desc' ? sql`DESC` : sql`ASC`;
    const rows = this.db
      .select()
      .from(devices)
      .where(and(...where))
      .orderBy(sql`${key} ${dir}`, sql`${devices.hostname} ${dir}`, sql`${devices.id} ${dir}`)
      .limit(q.limit)
      .offset(q.offset)
      .all();
    const total =
      this.db
        .select({ n: count() })
        .from(devices)
        .where(and(...where))
        .get()?.n ?? 0;
    return { rows, total };
  }

  /** Number of devices not revoked. */
  countActive(): number {
    return this.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM devices WHERE organisation_id = ${this.org} AND revoked_at IS NULL`)[0]?.n ?? 0;
  }

  /**
   * One set-based query for the check-in job: the active devices whose stored check-in result no
   * longer matches their last-seen time against `cutoff` (ISO; silent before it = stale), i.e. the
   * few that must be re-evaluated now, instead of a transaction for every device.
   */
  checkinCandidates(cutoff: string): string[] {
    return this.db
      .all<{ id: string }>(
        sql`SELECT d.id AS id FROM devices d
            LEFT JOIN findings f ON f.device_id = d.id AND f.control = 'agent-checkin'
            WHERE d.organisation_id = ${this.org} AND d.revoked_at IS NULL AND (
              (f.status IS NOT NULL AND f.status <> 'fail' AND (d.last_seen_at IS NULL OR d.last_seen_at < ${cutoff}))
              OR (f.status = 'fail' AND d.last_seen_at >= ${cutoff})
              OR (f.status IS NULL AND EXISTS (SELECT 1 FROM findings x WHERE x.device_id = d.id))
            )`,
      )
      .map((r) => r.id);
  }

  /** Sets revoked_at once; returns false when the device was already revoked or does not exist. */
  revoke(id: string, at: string): boolean {
    return (
      this.db
        .update(devices)
        .set({ revokedAt: at })
        .where(and(eq(devices.id, id), eq(devices.organisationId, this.org), isNull(devices.revokedAt)))
        .run().changes > 0
    );
  }
}
