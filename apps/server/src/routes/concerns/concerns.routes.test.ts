import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Alert, Concern, ConcernDetail } from '@safefleet/protocol';
import { createAlertsTestServer } from '../../test-support/alerts-harness.js';
import { buildFacts } from '../../test-support/facts.js';
import { addUser, adminCookie, enrolDevice, ingest, login, type TestServer } from '../../test-support/harness.js';

const signal = { status: 'ok' as const, apps: [{ name: 'signal-desktop', id: 'signal-desktop', source: 'dpkg' as const }] };
const HOUR = 3_600_000;

describe('/api/concerns: the safeguarding concern log', () => {
  let t: TestServer;
  let now: Date;
  let deviceId: string;
  const friday = new Date('2026-11-20T09:00:00.000Z');

  beforeEach(async () => {
    now = friday;
    t = await createAlertsTestServer({ now: () => now });
    const admin = await adminCookie(t.app);
    deviceId = (await enrolDevice(t.app, admin)).deviceId;
    await t.app.inject({
      method: 'PATCH',
      url: `/api/devices/${deviceId}`,
      headers: { cookie: admin },
      payload: { keeper: { name: 'Sam Patel', email: '', role: '' } },
    });
    await addUser(t.app, 'dsl@example.org', 'dsl');
    await addUser(t.app, 'viewer@example.org', 'viewer');
  });
  afterEach(() => t.close());

  // Signs in for every request: the tests move the clock past the 12-hour session idle limit.
  const as = async (email: string) => {
    return async (method: 'GET' | 'POST', url: string, payload?: object) =>
      t.app.inject({ method, url, headers: { cookie: await login(t.app, email) }, ...(payload ? { payload } : {}) });
  };
  const auditActions = () =>
    t.database.sqlite.prepare("select actor, action, target from audit_log where action like 'concern.%' order by id").all() as Array<{
      actor: string;
      action: string;
      target: string;
    }>;

  it('raised by the alert → triaged as a concern → assessed → actioned → closed through the API, each step audited', async () => {
    ingest(t.app, deviceId, buildFacts({ apps: signal }, now));
    const dsl = await as('dsl@example.org');
    const [alert] = (await dsl('GET', '/api/alerts?status=open')).json<Alert[]>();
    const id = alert!.concernId!;
    const list = (await dsl('GET', '/api/concerns')).json<Concern[]>();
    // Issue 12: automatic concerns start in to-triage, not in the log.
    expect(list.map((c) => [c.id, c.status, c.source])).toEqual([[id, 'to-triage', 'alert']]);
    expect(list[0]).toMatchObject({
      loggedBy: 'system',
      dueBy: '2026-11-24T09:00:00.000Z',
      overdue: false,
      timeToAssessMinutes: null,
      appIds: ['signal'],
    });
    expect((await dsl('POST', `/api/concerns/${id}/assess`, { assessment: 'too early' })).statusCode).toBe(409);
    expect((await dsl('POST', '/api/concerns/triage', { ids: [id], outcome: 'concern' })).statusCode).toBe(400); // no risk level
    const triaged = await dsl('POST', '/api/concerns/triage', { ids: [id], outcome: 'concern', riskLevel: 'medium' });
    expect(triaged.statusCode).toBe(200);
    expect(triaged.json<{ concerns: Concern[] }>().concerns[0]).toMatchObject({
      status: 'logged',
      triageOutcome: 'concern',
      riskLevel: 'medium',
      triagedBy: 'user:dsl@example.org',
    });
    expect((await dsl('POST', '/api/concerns/triage', { ids: [id], outcome: 'not-concern', reason: 'again' })).statusCode).toBe(409);

    now = new Date(friday.getTime() + 2 * HOUR);
    const assessed = await dsl('POST', `/api/concerns/${id}/assess`, {
      assessment: 'Spoke to Sam: installed to talk to family. Low risk, but not allowed on this laptop.',
    });
    expect(assessed.statusCode).toBe(200);
    expect(assessed.json<ConcernDetail>()).toMatchObject({ status: 'assessed', assessedBy: 'user:dsl@example.org', timeToAssessMinutes: 120 });

    // One step at a time.
    expect((await dsl('POST', `/api/concerns/${id}/close`, {})).statusCode).toBe(409);
    expect((await dsl('POST', `/api/concerns/${id}/assess`, { assessment: 'again' })).statusCode).toBe(409);
    const noWho = await dsl('POST', `/api/concerns/${id}/action`, { actionsTaken: 'Asked Sam to remove it.', referral: { made: true } });
    expect(noWho.statusCode).toBe(400);

    now = new Date(friday.getTime() + 5 * HOUR);
    const actioned = await dsl('POST', `/api/concerns/${id}/action`, {
      actionsTaken: 'Asked Sam to remove Signal; IT lead checked it was gone.',
      referral: { made: false },
    });
    expect(actioned.json<ConcernDetail>()).toMatchObject({
      status: 'actioned',
      actionedBy: 'user:dsl@example.org',
      timeToActionMinutes: 300,
      referral: { made: false, to: null },
    });

    const admin = await as('it-lead@example.org');
    const note = await admin('POST', `/api/concerns/${id}/notes`, { note: 'Checked again next day: gone.' });
    expect(note.statusCode).toBe(200);
    now = new Date(friday.getTime() + 26 * HOUR);
    const closed = await dsl('POST', `/api/concerns/${id}/close`, { note: 'No further action.' });
    const detail = closed.json<ConcernDetail>();
    expect(detail).toMatchObject({ status: 'closed', closedBy: 'user:dsl@example.org', closingNote: 'No further action.', overdue: false });
    expect(detail.events.map((e) => [e.action, e.fromStatus, e.toStatus, e.actor])).toEqual([
      ['raised', null, 'to-triage', 'system'],
      ['triaged', 'to-triage', 'logged', 'user:dsl@example.org'],
      ['assessed', 'logged', 'assessed', 'user:dsl@example.org'],
      ['actioned', 'assessed', 'actioned', 'user:dsl@example.org'],
      ['note', null, null, 'user:it-lead@example.org'],
      ['closed', 'actioned', 'closed', 'user:dsl@example.org'],
    ]);
    expect(auditActions()).toEqual([
      { actor: 'system', action: 'concern.raised', target: `concern:${id}` },
      { actor: 'user:dsl@example.org', action: 'concern.triaged', target: `concern:${id}` },
      { actor: 'user:dsl@example.org', action: 'concern.assessed', target: `concern:${id}` },
      { actor: 'user:dsl@example.org', action: 'concern.actioned', target: `concern:${id}` },
      { actor: 'user:it-lead@example.org', action: 'concern.note-added', target: `concern:${id}` },
      { actor: 'user:dsl@example.org', action: 'concern.closed', target: `concern:${id}` },
    ]);
    expect((await dsl('POST', `/api/concerns/${id}/close`, {})).statusCode).toBe(409);
  });

  it('a viewer gets 403 on every concern route', async () => {
    ingest(t.app, deviceId, buildFacts({ apps: signal }, now));
    const viewer = await as('viewer@example.org');
    for (const url of ['/api/concerns', '/api/concerns.csv', '/api/concerns/1', '/api/concerns/1/print']) {
      expect((await viewer('GET', url)).statusCode, url).toBe(403);
    }
    expect((await viewer('POST', '/api/concerns', { summary: 'x' })).statusCode).toBe(403);
    expect((await viewer('POST', '/api/concerns/1/assess', { assessment: 'x' })).statusCode).toBe(403);
    expect((await viewer('POST', '/api/concerns/triage', { ids: [1], outcome: 'not-concern', reason: 'x' })).statusCode).toBe(403);
  });

  it('opened by hand, flagged past 2 working days, exported to CSV and a printable record', async () => {
    const dsl = await as('dsl@example.org');
    const bad = await dsl('POST', '/api/concerns', { summary: 'x', deviceId: 'nope' });
    expect(bad.statusCode).toBe(404);
    const created = await dsl('POST', '/api/concerns', { summary: '=HYPERLINK("x") <script>alert(1)</script>, said a young person', deviceId });
    expect(created.statusCode).toBe(201);
    const c = created.json<ConcernDetail>();
    expect(c).toMatchObject({
      source: 'manual',
      status: 'logged',
      hostname: 'yw-laptop-01',
      keeperName: 'Sam Patel',
      loggedBy: 'user:dsl@example.org',
    });

    // Logged Friday 09:00: due Tuesday 09:00 (the weekend does not count).
    now = new Date('2026-11-24T08:59:00.000Z');
    expect((await dsl('GET', '/api/concerns?overdue=true')).json<Concern[]>()).toHaveLength(0);
    now = new Date('2026-11-24T09:01:00.000Z');
    const overdue = (await dsl('GET', '/api/concerns?overdue=true')).json<Concern[]>();
    expect(overdue.map((x) => x.id)).toEqual([c.id]);
    expect((await dsl('GET', '/api/concerns?open=false')).json<Concern[]>()).toHaveLength(0);

    const csv = await dsl('GET', '/api/concerns.csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="safefleet-concerns-\d{4}-\d{2}-\d{2}\.csv"/);
    const lines = csv.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toMatch(/^Number,Status,Source,Device,Keeper,Summary,Logged at/);
    expect(lines[1]).toContain(
      `${c.id},Logged,Opened by hand,yw-laptop-01,Sam Patel,"'=HYPERLINK(""x"") <script>alert(1)</script>, said a young person"`,
    );
    expect(lines[1]).toMatch(/,Yes$/); // overdue

    const print = await dsl('GET', `/api/concerns/${c.id}/print`);
    expect(print.statusCode).toBe(200);
    expect(print.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(print.headers['content-security-policy']).toBe("default-src 'none'; style-src 'unsafe-inline'");
    expect(print.body).toContain(`Safeguarding concern number ${c.id}`);
    expect(print.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(print.body).not.toContain('<script>');
    expect(print.body).toContain('(overdue)');
    expect((await dsl('GET', '/api/concerns/999/print')).statusCode).toBe(404);
    expect((await dsl('GET', '/api/concerns/abc')).statusCode).toBe(404);
  });
});
