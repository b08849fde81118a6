import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeviceStatusChangedEvent, FindingsChangedEvent } from '../../services/events.js';
import { buildFacts, buildNoncompliantFacts } from '../../test-support/facts.js';
import { adminCookie, createTestServer, enrolDevice, ingest, type TestServer } from '../../test-support/harness.js';

describe('devices and policy routes', () => {
  let t: TestServer;
  let cookie: string;
  let deviceId: string;
  beforeEach(async () => {
    t = await createTestServer();
    cookie = await adminCookie(t.app);
    deviceId = (await enrolDevice(t.app, cookie)).deviceId;
  });
  afterEach(() => t.close());

  it('404s an unknown device and 400s a bad status filter', async () => {
    const res = await t.app.inject({ url: '/api/devices/nope', headers: { cookie } });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: 'Device not found' });
    expect((await t.app.inject({ url: '/api/devices?status=green', headers: { cookie } })).statusCode).toBe(400);
  });

  it('sets and clears the keeper, re-evaluates and audits it', async () => {
    ingest(t.app, deviceId, buildFacts());
    const keeper = { name: 'Sam Patel', email: 'sam@example.org', role: 'Youth worker' };
    const res = await t.app.inject({ method: 'PATCH', url: `/api/devices/${deviceId}`, headers: { cookie }, payload: { keeper } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: deviceId, keeper, status: 'compliant', agentVersion: '0.1.0' });
    expect(res.json().findings).toHaveLength(8);
    const cleared = await t.app.inject({ method: 'PATCH', url: `/api/devices/${deviceId}`, headers: { cookie }, payload: { keeper: null } });
    expect(cleared.json().keeper).toBeNull();
    const bad = await t.app.inject({ method: 'PATCH', url: `/api/devices/${deviceId}`, headers: { cookie }, payload: { keeper: 7 } });
    expect(bad.statusCode).toBe(400);
    const audit = t.database.sqlite.prepare("select count(*) as n from audit_log where action = 'device.keeper-updated'").get();
    expect(audit).toEqual({ n: 2 });
  });

  it('PUT /api/policy validates, stores and re-evaluates every device, emitting events', async () => {
    ingest(t.app, deviceId, buildNoncompliantFacts());
    const statusEvents: DeviceStatusChangedEvent[] = [];
    const findingEvents: FindingsChangedEvent[] = [];
    t.app.services.ctx.events.on('device-status-changed', (e) => statusEvents.push(e));
    t.app.services.ctx.events.on('findings-changed', (e) => findingEvents.push(e));

    const initial = (await t.app.inject({ url: '/api/policy', headers: { cookie } })).json();
    expect(initial).toMatchObject({ id: 'cauk', agentCheckin: { windowHours: 24 }, disabledControls: [] });

    const bad = await t.app.inject({ method: 'PUT', url: '/api/policy', headers: { cookie }, payload: { screenLock: { maxIdleMinutes: 0 } } });
    expect(bad.statusCode).toBe(400);

    const next = { ...initial, disabledControls: ['social-apps', 'disk-encryption'] };
    const res = await t.app.inject({ method: 'PUT', url: '/api/policy', headers: { cookie }, payload: next });
    expect(res.statusCode).toBe(200);
    expect(res.json().disabledControls).toEqual(['social-apps', 'disk-encryption']);
    expect((await t.app.inject({ url: '/api/policy', headers: { cookie } })).json()).toEqual(res.json());

    const detail = (await t.app.inject({ url: `/api/devices/${deviceId}`, headers: { cookie } })).json();
    expect(detail.findings.find((f: { control: string }) => f.control === 'social-apps').status).toBe('unknown');
    expect(detail.status).toBe('compliant');
    expect(detail.history.map((h: { status: string }) => h.status)).toEqual(['noncompliant', 'compliant']);
    expect(statusEvents).toEqual([expect.objectContaining({ deviceId, previous: 'noncompliant', status: 'compliant', cause: 'policy' })]);
    expect(findingEvents[0]?.changed).toEqual(['social-apps', 'disk-encryption']);
  });

  it('orders reports by receive order, never by the device clock: the report received last sets the findings', async () => {
    const now = new Date();
    ingest(t.app, deviceId, buildFacts({}, now), 2);
    ingest(t.app, deviceId, buildNoncompliantFacts(new Date(now.getTime() - 3_600_000)), 1);
    const detail = (await t.app.inject({ url: `/api/devices/${deviceId}`, headers: { cookie } })).json();
    expect(detail.status).toBe('noncompliant');
    expect(detail.clockWarning).toBeNull();
    expect(t.database.sqlite.prepare('select count(*) as n from reports').get()).toEqual({ n: 2 });
  });

  it('keeps raw report retention bounded per device', async () => {
    t.app.services.ctx.config.reportRetention = 3;
    for (let seq = 1; seq <= 6; seq++) ingest(t.app, deviceId, buildFacts(), seq);
    expect(t.database.sqlite.prepare('select count(*) as n from reports').get()).toEqual({ n: 3 });
    const latest = t.database.sqlite.prepare('select latest_report_id as id from devices').get() as { id: string };
    expect(t.database.sqlite.prepare('select seq from reports where report_id = ?').get(latest.id)).toEqual({ seq: 6 });
  });
});
