import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FleetTrend } from '@safefleet/protocol';
import { runCheckinJob } from '../../scheduler/checkin.job.js';
import { buildFacts, buildNoncompliantFacts } from '../../test-support/facts.js';
import { adminCookie, createTestServer, enrolDevice, ingest, login, type TestServer } from '../../test-support/harness.js';

const DAY = 24 * 60 * 60 * 1000;

describe('GET /api/fleet/trend', () => {
  let t: TestServer;
  let now: Date;
  let cookie: string;
  const trend = async (query = '') => {
    cookie = await login(t.app, 'it-lead@example.org');
    const res = await t.app.inject({ url: `/api/fleet/trend${query}`, headers: { cookie } });
    expect(res.statusCode, res.body).toBe(200);
    return FleetTrend.parse(res.json());
  };

  beforeEach(async () => {
    now = new Date('2026-11-01T10:00:00.000Z');
    t = await createTestServer({ now: () => now });
    cookie = await adminCookie(t.app);
  });
  afterEach(() => t.close());

  it('is empty before any device reports; 400 for a bad days value', async () => {
    expect(await trend()).toEqual([]);
    for (const q of ['?days=0', '?days=367', '?days=x']) {
      expect((await t.app.inject({ url: `/api/fleet/trend${q}`, headers: { cookie } })).statusCode, q).toBe(400);
    }
  });

  it('gives one point per UTC day with snapshots, ascending, leaving out revoked devices from their revoke day', async () => {
    const a = (await enrolDevice(t.app, cookie, 'a')).deviceId;
    const b = (await enrolDevice(t.app, cookie, 'b')).deviceId;
    ingest(t.app, a, buildFacts({}, now)); // day 1: a compliant
    now = new Date(now.getTime() + DAY); // day 2
    ingest(t.app, b, buildNoncompliantFacts(now)); // b noncompliant
    runCheckinJob(t.app.services); // a carried forward
    now = new Date(now.getTime() + 2 * DAY); // day 4 (day 3 had no run: a gap)
    ingest(t.app, a, buildFacts({}, now));
    ingest(t.app, b, buildNoncompliantFacts(now));
    now = new Date(now.getTime() + DAY); // day 5: b revoked; a silent → carried forward
    cookie = await login(t.app, 'it-lead@example.org');
    await t.app.inject({ method: 'DELETE', url: `/api/devices/${b}`, headers: { cookie } });
    runCheckinJob(t.app.services);

    const points = await trend();
    const zero = { compliant: 0, grace: 0, noncompliant: 0, notEvaluated: 0, stale: 0 };
    expect(points).toEqual([
      { day: '2026-11-01', total: 1, ...zero, compliant: 1 },
      { day: '2026-11-02', total: 2, ...zero, compliant: 1, noncompliant: 1 },
      { day: '2026-11-04', total: 2, ...zero, compliant: 1, noncompliant: 1 },
      { day: '2026-11-05', total: 1, ...zero, compliant: 1 },
    ]);
    // b still counts on the days before its revocation (above); `days` keeps the last N days.
    expect((await trend('?days=2')).map((p) => p.day)).toEqual(['2026-11-04', '2026-11-05']);
    expect((await trend('?days=1')).map((p) => p.day)).toEqual(['2026-11-05']);
  });
});
