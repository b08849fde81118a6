import { asc, eq, inArray } from 'drizzle-orm';
import { CONTROL_IDS, type Finding } from '@safefleet/protocol';
import type { Executor } from '../client.js';
import { findings } from '../schema/index.js';

export type FindingRow = typeof findings.$inferSelect;

function toFinding(row: FindingRow): Finding {
  return {
    control: row.control,
    status: row.status,
    reason: row.reason,
    resolution: row.resolution,
    ...(row.dueAt ? { dueAt: row.dueAt } : {}),
    ...(row.detailsJson ? { details: JSON.parse(row.detailsJson) as Record<string, unknown> } : {}),
  };
}

const order = (a: Finding, b: Finding) => CONTROL_IDS.indexOf(a.control) - CONTROL_IDS.indexOf(b.control);

export class FindingsRepository {
  constructor(private readonly db: Executor) {}

  /** Replaces every finding of the device with `list`. */
  replace(deviceId: string, list: Finding[], updatedAt: string): void {
    this.db.delete(findings).where(eq(findings.deviceId, deviceId)).run();
    if (list.length === 0) return;
    this.db
      .insert(findings)
      .values(
        list.map((f) => ({
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
    return this.db.select().from(findings).where(eq(findings.deviceId, deviceId)).all().map(toFinding).sort(order);
  }

  /** Findings of many devices at once, keyed by device id. */
  forDevices(deviceIds: string[]): Map<string, Finding[]> {
    const out = new Map<string, Finding[]>();
    if (deviceIds.length === 0) return out;
    const rows = this.db
      .select()
      .from(findings)
      .where(inArray(findings.deviceId, deviceIds))
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
