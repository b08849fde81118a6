import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONSOLE_CLOSE_CODES, ConsoleUser, DeviceSummary } from '@safefleet/protocol';
import { ConsoleClient } from '../test-support/console-client.js';
import { buildFacts, buildNoncompliantFacts } from '../test-support/facts.js';
import { addUser, adminCookie, createTestServer, enrolDevice, ingest, login, type TestServer } from '../test-support/harness.js';
import { sampleAlert } from '../test-support/alert.js';

describe('/ws/console', () => {
  let t: TestServer;
  let admin: string;
  const clients: ConsoleClient[] = [];
  const connect = async (cookie: string | null) => {
    const c = await ConsoleClient.connect(t.url, cookie);
    clients.push(c);
    await c.next('hello');
    return c;
  };
  const listed = async (id: string, cookie = admin) =>
    DeviceSummary.array()
      .parse((await t.app.inject({ url: '/api/devices', headers: { cookie } })).json())
      .find((d) => d.id === id);

  beforeEach(async () => {
    t = await createTestServer({ listen: true, app: { consolePingMs: 200 } });
    admin = await adminCookie(t.app);
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.ws.terminate();
    await t.close();
  });

  it('refuses the upgrade with HTTP 401 without a valid session', async () => {
    await expect(ConsoleClient.connect(t.url, null)).rejects.toThrow('HTTP 401');
    await expect(ConsoleClient.connect(t.url, 'safefleet_session=forged')).rejects.toThrow('HTTP 401');
  });

  it('says hello, then one device-updated per evaluation with the row exactly as GET /api/devices gives it', async () => {
    await addUser(t.app, 'viewer@example.org', 'viewer');
    const viewer = await login(t.app, 'viewer@example.org');
    const c = await connect(viewer); // any role may listen
    expect(c.events[0]).toMatchObject({ type: 'hello', serverVersion: expect.any(String) });

    const { deviceId } = await enrolDevice(t.app, admin, 'yw-01');
    const enrolled = await c.next('device-updated');
    expect(enrolled).toMatchObject({ cause: 'enrolled', device: { id: deviceId, status: 'notEvaluated' } });

    ingest(t.app, deviceId, buildNoncompliantFacts());
    const updated = await c.next('device-updated', (e) => e.cause === 'report');
    expect(updated.previousStatus).toBe('notEvaluated');
    expect(updated.device).toEqual(await listed(deviceId, viewer)); // as the viewer's own GET gives it
    expect(updated.device.status).toBe('noncompliant');
    await new Promise((r) => setTimeout(r, 50));
    expect(c.all('device-updated').filter((e) => e.cause === 'report')).toHaveLength(1); // status + findings events coalesced

    ingest(t.app, deviceId, buildFacts(), 2);
    const fixed = await c.next('device-updated', (e) => e.cause === 'report');
    expect(fixed).toMatchObject({ previousStatus: 'noncompliant', device: { status: 'compliant' } });
  });

  it('pushes keeper changes, fleet-changed for policy, exception and role changes, and device-removed on revoke', async () => {
    const { deviceId } = await enrolDevice(t.app, admin, 'yw-01');
    ingest(t.app, deviceId, buildFacts());
    const c = await connect(admin);
    const keeper = { name: 'Priya', email: '', role: 'Youth worker' };
    await t.app.inject({ method: 'PATCH', url: `/api/devices/${deviceId}`, headers: { cookie: admin }, payload: { keeper } });
    expect((await c.next('device-updated')).device.keeper).toEqual(keeper);

    await t.app.inject({ method: 'PUT', url: '/api/policy', headers: { cookie: admin }, payload: { screenLock: { maxIdleMinutes: 1 } } });
    expect(await c.next('fleet-changed')).toMatchObject({ cause: 'policy' });
    await t.app.inject({ method: 'POST', url: '/api/roles', headers: { cookie: admin }, payload: { name: 'Youth worker' } });
    expect(await c.next('fleet-changed')).toMatchObject({ cause: 'role' });
    const exc = {
      appIds: ['whatsapp'],
      scope: { kind: 'device', deviceId },
      riskAssessment: 'A long enough written risk assessment.',
      approvedBy: 'Sam',
    };
    await t.app.inject({ method: 'POST', url: '/api/exceptions', headers: { cookie: admin }, payload: exc });
    expect(await c.next('fleet-changed')).toMatchObject({ cause: 'exception' });

    await t.app.inject({ method: 'DELETE', url: `/api/devices/${deviceId}`, headers: { cookie: admin } });
    expect(await c.next('device-removed')).toMatchObject({ deviceId });
  });

  it('forwards alert events, with safeguarding details only to the DSL and the admin', async () => {
    await addUser(t.app, 'dsl@example.org', 'dsl');
    await addUser(t.app, 'viewer@example.org', 'viewer');
    const [a, d, v] = [
      await connect(admin),
      await connect(await login(t.app, 'dsl@example.org')),
      await connect(await login(t.app, 'viewer@example.org')),
    ];
    const alert = sampleAlert();
    t.app.services.ctx.events.emitSafe('alert-opened', { type: 'alert-opened', at: alert.openedAt, alert });
    for (const c of [a, d]) expect((await c.next('alert-opened')).alert).toEqual(alert);
    const hidden = (await v.next('alert-opened')).alert;
    expect(hidden).toMatchObject({ redacted: true, keeperName: null, details: null, concernId: null, hostname: 'yw-01' });
    expect(JSON.stringify(v.events)).not.toContain('WhatsApp');
    t.app.services.ctx.events.emitSafe('alert-resolved', { type: 'alert-resolved', at: alert.openedAt, alert: { ...alert, status: 'resolved' } });
    expect((await v.next('alert-resolved')).alert.redacted).toBe(true);
    expect((await d.next('alert-resolved')).alert.status).toBe('resolved');
  });

  it('closes with 4401 when the session ends: sign-out, user removed', async () => {
    const c = await connect(admin);
    await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: admin } });
    expect((await c.closed).code).toBe(CONSOLE_CLOSE_CODES.unauthorized);

    await addUser(t.app, 'dsl@example.org', 'dsl');
    const dsl = await connect(await login(t.app, 'dsl@example.org'));
    const stays = await connect(await login(t.app, 'it-lead@example.org'));
    const me = await login(t.app, 'it-lead@example.org');
    const users = ConsoleUser.array().parse((await t.app.inject({ url: '/api/users', headers: { cookie: me } })).json());
    const id = users.find((u) => u.email === 'dsl@example.org')!.id;
    await t.app.inject({ method: 'DELETE', url: `/api/users/${id}`, headers: { cookie: me } });
    expect((await dsl.closed).code).toBe(CONSOLE_CLOSE_CODES.unauthorized);
    expect(stays.ws.readyState).toBe(stays.ws.OPEN);
  });

  it('pings, and closes with 4401 once the session expires', async () => {
    let now = new Date('2026-11-21T09:00:00.000Z');
    const s = await createTestServer({ listen: true, now: () => now, app: { consolePingMs: 100 } });
    try {
      await addUser(s.app, 'a@example.org', 'admin');
      const c = await ConsoleClient.connect(s.url, await login(s.app, 'a@example.org'));
      clients.push(c);
      await new Promise((r) => setTimeout(r, 350));
      expect(c.pings).toBeGreaterThan(0);
      expect(c.ws.readyState).toBe(c.ws.OPEN);
      now = new Date(now.getTime() + 13 * 60 * 60 * 1000);
      expect((await c.closed).code).toBe(CONSOLE_CLOSE_CODES.unauthorized);
    } finally {
      await s.close();
    }
  });
});
