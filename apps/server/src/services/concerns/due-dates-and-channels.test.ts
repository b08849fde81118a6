// Issue 12: a concern's due date counts working days that skip UK bank holidays (the shipped table,
// or one uploaded on the Settings page) in the organisation's time zone; and concerns still waiting
// for triage close by themselves when their app becomes an approved work channel (audited).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Concern, ConcernDetail, PolicySettings } from '@safefleet/protocol';
import { buildFacts } from '../../test-support/facts.js';
import { adminCookie, createTestServer, enrolDevice, ingest, type TestServer } from '../../test-support/harness.js';

describe('concern due dates with bank holidays (real SQLite, over HTTP)', () => {
  let t: TestServer;
  let admin: string;
  let clock = new Date('2026-12-24T10:00:00Z');

  beforeAll(async () => {
    t = await createTestServer({ now: () => clock });
    admin = await adminCookie(t.app);
  });
  afterAll(() => t.close());

  const raise = async (at: string) => {
    clock = new Date(at);
    admin = await adminCookie(t.app); // a fresh session at the new time
    const res = await t.app.inject({ method: 'POST', url: '/api/concerns', headers: { cookie: admin }, payload: { summary: `Raised ${at}` } });
    expect(res.statusCode).toBe(201);
    return res.json<ConcernDetail>();
  };

  it('Christmas: logged on Thursday 24 December 2026, two working days later is Wednesday 30 (25, 28 are bank holidays)', async () => {
    expect((await raise('2026-12-24T10:00:00Z')).dueBy).toBe('2026-12-30T10:00:00.000Z');
  });

  it('Easter: logged on Thursday 25 March 2027, due on Wednesday 31 (Good Friday and Easter Monday skipped)', async () => {
    const c = await raise('2027-03-25T10:00:00Z');
    expect(c.dueBy).toBe('2027-03-31T10:00:00.000Z');
    // An uploaded table replaces the shipped one: a made-up holiday on Tuesday 30 March moves it to Thursday.
    const up = await t.app.inject({
      method: 'POST',
      url: '/api/organisation/bank-holidays',
      headers: { cookie: admin },
      payload: { content: 'date,title\n2027-03-26,Good Friday\n2027-03-29,Easter Monday\n2027-03-30,Extra day\n' },
    });
    expect(up.statusCode).toBe(200);
    const again = (await t.app.inject({ url: `/api/concerns/${c.id}`, headers: { cookie: admin } })).json<ConcernDetail>();
    expect(again.dueBy).toBe('2027-04-01T10:00:00.000Z');
  });

  it('the organisation’s time zone decides the day: 23:30 UTC on Friday 12 June 2026 is already Saturday in London', async () => {
    // London: Saturday 00:30 → Monday, Tuesday 00:30 (Monday 23:30 UTC); in UTC: Friday → Monday, Tuesday 23:30.
    expect((await raise('2026-06-12T23:30:00Z')).dueBy).toBe('2026-06-15T23:30:00.000Z');
    const put = await t.app.inject({ method: 'PUT', url: '/api/organisation', headers: { cookie: admin }, payload: { timeZone: 'UTC' } });
    expect(put.statusCode).toBe(200);
    expect((await raise('2026-06-12T23:30:00Z')).dueBy).toBe('2026-06-16T23:30:00.000Z');
  });
});

describe('approving a work channel later closes the concerns waiting on it', () => {
  let t: TestServer;
  let admin: string;

  beforeAll(async () => {
    t = await createTestServer();
    admin = await adminCookie(t.app);
  });
  afterAll(() => t.close());

  it('Zoom alone: closed as not a concern, "channel approved by <user>", audited; Zoom + Telegram keeps waiting', async () => {
    const zoom = { name: 'Zoom', id: 'us.zoom.Zoom', source: 'flatpak' as const };
    const telegram = { name: 'Telegram Desktop', id: 'telegram-desktop', source: 'dpkg' as const };
    const a = (await enrolDevice(t.app, admin, 'yw-laptop-01')).deviceId;
    const b = (await enrolDevice(t.app, admin, 'yw-laptop-02')).deviceId;
    ingest(t.app, a, buildFacts({ apps: { status: 'ok', apps: [zoom] } }));
    ingest(t.app, b, buildFacts({ apps: { status: 'ok', apps: [zoom, telegram] } }));
    const waiting = (await t.app.inject({ url: '/api/concerns?status=to-triage', headers: { cookie: admin } })).json<Concern[]>();
    expect(waiting.map((c) => [c.deviceId, [...c.appIds].sort()])).toEqual(
      expect.arrayContaining([
        [a, ['zoom']],
        [b, ['telegram', 'zoom']],
      ]),
    );

    const policy = (await t.app.inject({ url: '/api/policy', headers: { cookie: admin } })).json<PolicySettings>();
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/policy',
      headers: { cookie: admin },
      payload: { ...policy, approvedChannels: { chosen: true, appIds: ['zoom'] } },
    });
    expect(put.statusCode).toBe(200);

    const all = (await t.app.inject({ url: '/api/concerns', headers: { cookie: admin } })).json<Concern[]>();
    const closed = all.find((c) => c.deviceId === a);
    expect(closed).toMatchObject({ status: 'closed', triageOutcome: 'not-concern', triageNote: 'channel approved by it-lead@example.org' });
    expect(all.find((c) => c.deviceId === b)?.status).toBe('to-triage');
    const audit = t.database.sqlite
      .prepare("select actor, detail_json from audit_log where action = 'concern.triaged' and target = ?")
      .all(`concern:${closed?.id}`) as Array<{ actor: string; detail_json: string }>;
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor).toBe('user:it-lead@example.org');
    expect(JSON.parse(audit[0]?.detail_json ?? '{}')).toMatchObject({ outcome: 'not-concern', reason: 'channel approved by it-lead@example.org' });
  });
});
