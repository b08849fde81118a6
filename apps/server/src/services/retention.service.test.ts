import { afterEach, describe, expect, it } from 'vitest';
import { buildFacts } from '../test-support/facts.js';
import { adminCookie, createTestServer, enrolDevice, ingest, type TestServer } from '../test-support/harness.js';
import { startScheduler } from '../scheduler/scheduler.js';

const DAY = 24 * 3_600_000;
const START = new Date('2026-01-01T10:00:00.000Z');

describe('retention job (real SQLite, simulated clock)', () => {
  let t: TestServer;
  let now: Date;
  afterEach(() => t.close());

  /** A device that reported once a day for `days` days from START; the clock ends on the last report. */
  async function setUp(days: number, hostname = 'yw-laptop-01') {
    now = START;
    const cookie = await adminCookie(t.app);
    const { deviceId } = await enrolDevice(t.app, cookie, hostname);
    for (let d = 0; d < days; d++) {
      now = new Date(START.getTime() + d * DAY);
      ingest(t.app, deviceId, buildFacts({}, now), d + 1);
    }
    return deviceId;
  }
  const count = (sql: string, ...args: unknown[]) => (t.database.sqlite.prepare(sql).get(...args) as { n: number }).n;
  const reports = (deviceId: string) => count('select count(*) as n from reports where device_id = ?', deviceId);
  const oldestReport = (deviceId: string) =>
    (t.database.sqlite.prepare('select min(received_at) as at from reports where device_id = ?').get(deviceId) as { at: string }).at;

  it('deletes raw reports older than 30 days in bounded batches and audits the counts', async () => {
    // The count cap is set high here so the 30-day window is the stricter rule.
    t = await createTestServer({ now: () => now, config: { reportRetention: 1_000 } });
    const deviceId = await setUp(45);
    expect(reports(deviceId)).toBe(45);
    const result = await t.app.services.retention.run(now, 4);
    // Day 44 is "now": days 14..44 are within 30 days (received at or after now - 30 d).
    expect(result.reportsDeleted).toBe(14);
    expect(result.batches).toBeGreaterThan(4);
    expect(reports(deviceId)).toBe(31);
    expect(oldestReport(deviceId)).toBe(new Date(START.getTime() + 14 * DAY).toISOString());
    const audit = t.database.sqlite.prepare("select actor, detail_json from audit_log where action = 'retention.ran'").all() as Array<{
      actor: string;
      detail_json: string;
    }>;
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor).toBe('system');
    expect(JSON.parse(audit[0]!.detail_json)).toMatchObject({
      reportsDeleted: 14,
      snapshotsDeleted: 0,
      reportRetentionDays: 30,
      snapshotRetentionDays: 730,
    });
    // The device still shows its facts.
    const detail = await t.app.inject({ url: `/api/devices/${deviceId}`, headers: { cookie: await adminCookie(t.app) } });
    expect(detail.json().facts).not.toBeNull();
    // A second run finds nothing more and says so.
    expect((await t.app.services.retention.run(now)).reportsDeleted).toBe(0);
  });

  it('keeps both limits: the 24-per-device cap stays when it is stricter than the days', async () => {
    t = await createTestServer({ now: () => now, config: { reportRetentionDays: 60 } });
    const deviceId = await setUp(40);
    expect(reports(deviceId)).toBe(24);
    expect((await t.app.services.retention.run(now)).reportsDeleted).toBe(0);
    expect(reports(deviceId)).toBe(24);
  });

  it('a configured shorter window wins over the count cap; a silent device keeps its latest report', async () => {
    t = await createTestServer({ now: () => now, config: { reportRetentionDays: 7 } });
    const busy = await setUp(20);
    // A second device that reported twice, long ago, then went silent.
    now = START;
    const cookie = await adminCookie(t.app);
    const silent = (await enrolDevice(t.app, cookie, 'yw-laptop-02')).deviceId;
    ingest(t.app, silent, buildFacts({}, now), 1);
    now = new Date(START.getTime() + DAY);
    ingest(t.app, silent, buildFacts({}, now), 2);
    now = new Date(START.getTime() + 19 * DAY);

    const result = await t.app.services.retention.run(now);
    expect(reports(busy)).toBe(8); // days 12..19
    expect(reports(silent)).toBe(1); // its latest, 18 days old, stays
    expect(result.reportsDeleted).toBe(12 + 1);
  });

  it('deletes daily snapshots older than two years (configurable), and runs when the scheduler starts', async () => {
    t = await createTestServer({ now: () => now, config: { snapshotRetentionDays: 365 } });
    const deviceId = await setUp(1);
    const insert = t.database.sqlite.prepare(
      "insert or replace into daily_snapshots (day, device_id, status, findings_json, updated_at) values (?, ?, 'compliant', '{}', ?)",
    );
    // 500 days of snapshots ending today.
    for (let d = 0; d < 500; d++) {
      const day = new Date(START.getTime() - d * DAY).toISOString().slice(0, 10);
      insert.run(day, deviceId, START.toISOString());
    }
    now = START;
    const scheduler = startScheduler(t.app.services, '* * * * *');
    try {
      // The on-start run is asynchronous (batches yield to the event loop): wait for its audit row.
      await expect.poll(() => count("select count(*) as n from audit_log where action = 'retention.ran'"), { timeout: 10_000 }).toBe(1);
    } finally {
      await scheduler.stop();
    }
    const detail = JSON.parse(
      (t.database.sqlite.prepare("select detail_json from audit_log where action = 'retention.ran'").get() as { detail_json: string }).detail_json,
    );
    // Kept: the days from START - 365 d to START (366 days).
    expect(detail.snapshotsDeleted).toBe(500 - 366);
    expect(count('select count(*) as n from daily_snapshots')).toBe(366);
    expect(count('select count(*) as n from daily_snapshots where day < ?', new Date(START.getTime() - 365 * DAY).toISOString().slice(0, 10))).toBe(
      0,
    );
  });
});
