import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { CONTROL_IDS, CONTROLS, type Finding } from '@safefleet/protocol';
import type { Executor } from '../client.js';
import { prepared } from '../prepared.js';
import { findings } from '../schema/index.js';
import { parseStoredOrSkip } from '../stored-json.js';

export type FindingRow = typeof findings.$inferSelect;

/** A stored finding; details that no longer match the control's schema are left out (and logged). */
function toFinding(row: FindingRow): Finding {
  const details = row.detailsJson
    ? parseStoredOrSkip<unknown>(CONTROLS[row.control].details, row.detailsJson, `details of the ${row.control} finding of device ${row.deviceId}`)
    : undefined;
  // The columns are typed by the schema's enums; details were just parsed with this control's schema.
  return {
    control: row.control,
    status: row.status,
    reason: row.reason,
    resolution: row.resolution,
    ...(row.dueAt ? { dueAt: row.dueAt } : {}),
    ...(details !== undefined ? { details } : {}),
  } as Finding;
}

const order = (a: Finding, b: Finding) => CONTROL_IDS.indexOf(a.control) - CONTROL_IDS.indexOf(b.control);

export class FindingsRepository {
  constructor(
    private readonly db: Executor,
    private readonly org: number,
  ) {}

  /** Replaces every finding of the device with `list`. */
  replace(deviceId: string, list: Finding[], updatedAt: string): void {
    this.db
      .delete(findings)
      .where(and(eq(findings.organisationId, this.org), eq(findings.deviceId, deviceId)))
      .run();
    if (list.length === 0) return;
    this.db
      .insert(findings)
      .values(
        list.map((f) => ({
          organisationId: this.org,
          deviceId,
          control: f.control,
          status: f.status,
          reason: f.reason,
          resolution: f.resolution,
          dueAt: f.dueAt ?? null,
          detailsJson: f.details ? JSON.stringify(f.details) : null,
          updatedAt,
        })),
      )
      .run();
  }

  /** The device's findings in CONTROL_IDS order (empty when it never reported). */
  forDevice(deviceId: string): Finding[] {
    return prepared(this.db, 'findings.forDevice', (db) =>
      db
        .select()
        .from(findings)
        .where(and(eq(findings.deviceId, sql.placeholder('id')), eq(findings.organisationId, sql.placeholder('org'))))
        .prepare(),
    )
      .all({ id: deviceId, org: this.org })
      .map(toFinding)
      .sort(order);
  }

  /**
   * Writes `after` over `before` (the stored list) touching only rows that differ: a report that
   * changes nothing but the check-in time writes one row, not a delete and re-insert of all.
   */
  writeChanges(deviceId: string, before: Finding[], after: Finding[], updatedAt: string): void {
    const key = (f: Finding) =>
      `${f.status}\u0000${f.reason}\u0000${f.resolution}\u0000${f.dueAt ?? ''}\u0000${f.details ? JSON.stringify(f.details) : ''}`;
    const old = new Map(before.map((f) => [f.control, key(f)]));
    const keep = new Set(after.map((f) => f.control));
    for (const control of old.keys()) {
      if (!keep.has(control)) {
        prepared(this.db, 'findings.deleteOne', (db) =>
          db
            .delete(findings)
            .where(
              and(
                eq(findings.deviceId, sql.placeholder('deviceId')),
                eq(findings.control, sql.placeholder('control')),
                eq(findings.organisationId, sql.placeholder('org')),
              ),
            )
            .prepare(),
        ).run({ deviceId, control, org: this.org });
      }
    }
    const upsert = prepared(this.db, 'findings.upsert', (db) =>
      db
        .insert(findings)
        .values({
          organisationId: sql.placeholder('org'),
          deviceId: sql.placeholder('deviceId'),
          control: sql.placeholder('control'),
          status: sql.placeholder('status'),
          reason: sql.placeholder('reason'),
          resolution: sql.placeholder('resolution'),
          dueAt: sql.placeholder('dueAt'),
          detailsJson: sql.placeholder('detailsJson'),
          updatedAt: sql.placeholder('updatedAt'),
        })
        .onConflictDoUpdate({
          target: [findings.deviceId, findings.control],
          set: {
            status: sql`excluded.status`,
            reason: sql`excluded.reason`,
            resolution: sql`excluded.resolution`,
            dueAt: sql`excluded.due_at`,
            detailsJson: sql`excluded.details_json`,
            updatedAt: sql`excluded.updated_at`,
          },
        })
        .prepare(),
    );
    for (const f of after) {
      if (old.get(f.control) === key(f)) continue;
      upsert.run({
        org: this.org,
        deviceId,
        control: f.control,
        status: f.status,
        reason: f.reason,
        resolution: f.resolution,
        dueAt: f.dueAt ?? null,
        detailsJson: f.details ? JSON.stringify(f.details) : null,
        updatedAt,
      });
    }
  }

  /** Findings of many devices at once, keyed by device id. */
  forDevices(deviceIds: string[]): Map<string, Finding[]> {
    const out = new Map<string, Finding[]>();
    if (deviceIds.length === 0) return out;
    const rows = this.db
      .select()
      .from(findings)
      .where(and(eq(findings.organisationId, this.org), inArray(findings.deviceId, deviceIds)))
      .orderBy(asc(findings.deviceId))
      .all();
    for (const row of rows) {
      const list = out.get(row.deviceId) ?? [];
      list.push(toFinding(row));
      out.set(row.deviceId, list);
    }
    for (const list of out.values()) list.sort(order);
    return out;
  }
}
