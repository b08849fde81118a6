// Acceptance (issue 10, point 4): no silent caps. With 3,000 open alerts the API says 3,000 and its
// pages walk through all of them once; the device list is filtered, sorted and paged on the server.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertPage, DevicePage, type Alert } from '@safefleet/protocol';
import { buildFacts, buildNoncompliantFacts } from '../test-support/facts.js';
import { adminCookie, createTestServer, ingest, type TestServer } from '../test-support/harness.js';

const OPEN_ALERTS = 3_000;
const HOUR = 3_600_000;

describe('paged lists with true totals', () => {
  let t: TestServer;
  let cookie: string;
  let now: Date;
  const ids: string[] = [];
  beforeAll(async () => {
    now = new Date('2026-11-21T09:00:00.000Z');
    t = await createTestServer({ now: () => now });
    cookie = await adminCookie(t.app);
    const db = t.database.sqlite;
    const addDevice = db.prepare(
      `INSERT INTO devices (id, hostname, platform, secret_hash, enrolled_at, keeper_name) VALUES (?, ?, 'linux', 'x', ?, ?)`,
    );
    const addAlert = db.prepare(
      `INSERT INTO alerts (id, device_id, control, category, status, reason, resolution, opened_at, updated_at)
       VALUES (?, ?, ?, 'technical', 'open', 'r', 's', ?, ?)`,
    );
    db.transaction(() => {
      for (let i = 0; i < 1_100; i++) {
        const id = randomUUID();
        ids.push(id);
        addDevice.run(id, `laptop-${String(i).padStart(4, '0')}`, now.toISOString(), i % 10 === 0 ? `Keeper Quinn ${i}` : null);
        // Devices that report below (the first 100) would have their alerts reconciled: alerts go on the others.
        if (i < 100) continue;
        ['os-updates', 'disk-encryption', 'screen-lock'].forEach((control, k) => {
          const at = new Date(now.getTime() - (i * 3 + k) * 1000).toISOString();
          addAlert.run(randomUUID(), id, control, at, at);
        });
      }
      // Resolved alerts are not counted as open.
      addAlert.run(randomUUID(), ids[500], 'antivirus', now.toISOString(), now.toISOString());
      db.prepare("UPDATE alerts SET status = 'resolved' WHERE control = 'antivirus'").run();
    })();
    // 100 devices report: 70 compliant, 30 not; later 20 of the compliant ones fall silent.
    for (let i = 0; i < 100; i++) ingest(t.app, ids[i]!, i < 30 ? buildNoncompliantFacts(now) : buildFacts({}, now));
  }, 120_000);
  afterAll(() => t.close());

  const get = async (url: string) => {
    const res = await t.app.inject({ url, headers: { cookie } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  it('answers every open alert (no cap of 200) and pages through 3,000 exactly once', async () => {
    // 3,000 seeded, plus the two each non-compliant reporting device opened (social apps, encryption).
    const open = (t.database.sqlite.prepare("SELECT count(*) AS n FROM alerts WHERE status = 'open'").get() as { n: number }).n;
    expect(open).toBe(OPEN_ALERTS + 60);
    const all = (await get('/api/alerts?status=open')) as Alert[];
    expect(all).toHaveLength(open);

    const seen = new Set<string>();
    let previous = '9999';
    for (let offset = 0; ; offset += 500) {
      const page = AlertPage.parse(await get(`/api/alerts/page?status=open&limit=500&offset=${offset}`));
      expect(page.total).toBe(open);
      for (const a of page.items) {
        expect(seen.has(a.id)).toBe(false);
        expect(a.openedAt <= previous).toBe(true); // newest first, stable across pages
        previous = a.openedAt;
        seen.add(a.id);
      }
      if (page.items.length < 500) break;
    }
    expect(seen.size).toBe(open);
    expect(AlertPage.parse(await get('/api/alerts/page?status=resolved')).total).toBe(1);
    expect(AlertPage.parse(await get(`/api/alerts/page?status=open&deviceId=${ids[105]}`)).total).toBe(3);
    // A page size over the limit is refused, never cut silently.
    expect((await t.app.inject({ url: '/api/alerts/page?limit=100000', headers: { cookie } })).statusCode).toBe(400);
  });

  it('filters, sorts and pages devices on the server with the true total', async () => {
    const first = DevicePage.parse(await get('/api/devices/page?limit=50'));
    expect(first.total).toBe(1_100);
    expect(first.items.map((d) => d.hostname)).toEqual(Array.from({ length: 50 }, (_, i) => `laptop-${String(i).padStart(4, '0')}`));
    const walked = new Set<string>();
    for (let offset = 0; offset < 1_100; offset += 200) {
      for (const d of DevicePage.parse(await get(`/api/devices/page?limit=200&offset=${offset}`)).items) walked.add(d.id);
    }
    expect(walked.size).toBe(1_100);

    expect(DevicePage.parse(await get('/api/devices/page?status=noncompliant')).total).toBe(30);
    expect(DevicePage.parse(await get('/api/devices/page?status=compliant')).total).toBe(70);
    expect(DevicePage.parse(await get('/api/devices/page?status=notEvaluated')).total).toBe(1_000);
    const quinn = DevicePage.parse(await get('/api/devices/page?q=quinn&limit=500'));
    expect(quinn.total).toBe(110);
    expect(quinn.items.every((d) => d.keeper?.name.startsWith('Keeper Quinn'))).toBe(true);
    const desc = DevicePage.parse(await get('/api/devices/page?sort=hostname&order=desc&limit=1'));
    expect(desc.items[0]?.hostname).toBe('laptop-1099');

    // 25 hours later, 20 devices report again; the other 80 that had reported are stale at read time.
    now = new Date(now.getTime() + 25 * HOUR);
    for (let i = 30; i < 50; i++) ingest(t.app, ids[i]!, buildFacts({}, now), 2);
    cookie = await adminCookie(t.app); // sessions end after 12 idle hours
    const stale = DevicePage.parse(await get('/api/devices/page?status=stale&limit=500'));
    expect(stale.total).toBe(80);
    expect(stale.items.every((d) => d.status === 'stale')).toBe(true);
    expect(DevicePage.parse(await get('/api/devices/page?status=compliant')).total).toBe(20);
    const recent = DevicePage.parse(await get('/api/devices/page?sort=lastSeenAt&order=desc&limit=20'));
    expect(new Set(recent.items.map((d) => d.id))).toEqual(new Set(ids.slice(30, 50)));
    expect(t.app.services.fleet.summary().byStatus).toMatchObject({ stale: 80, compliant: 20, notEvaluated: 1_000 });
  });
});
