import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLOSE_CODES, CONTROL_IDS, LIMITS, PROTOCOL_VERSION, type EnrollResponse } from '@safefleet/protocol';
import { TestAgent } from '../test-support/agent-client.js';
import { buildFacts, buildNoncompliantFacts } from '../test-support/facts.js';
import { adminCookie, createTestServer, enrolDevice, type TestServer } from '../test-support/harness.js';

const hello = { type: 'hello', protocolVersion: PROTOCOL_VERSION, agentVersion: '0.1.1', hostname: 'yw-laptop-01', platform: 'linux' };
const report = (facts = buildFacts(), seq = 1, reportId: string = randomUUID()) => ({ type: 'report', reportId, seq, facts });

describe('agent gateway', () => {
  let t: TestServer;
  let cookie: string;
  let device: EnrollResponse;
  const agents: TestAgent[] = [];
  const connect = async (auth: string | null = `${device.deviceId}.${device.deviceSecret}`) => {
    const a = await TestAgent.connect(t.url, auth);
    agents.push(a);
    return a;
  };
  const count = (table: string) => (t.database.sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;

  beforeEach(async () => {
    t = await createTestServer({ listen: true });
    cookie = await adminCookie(t.app);
    device = await enrolDevice(t.app, cookie);
  });
  afterEach(async () => {
    for (const a of agents.splice(0)) a.ws.terminate();
    await t.close();
  });

  it('refuses missing or wrong credentials before the upgrade', async () => {
    await expect(TestAgent.connect(t.url, null)).rejects.toThrow('HTTP 401');
    await expect(TestAgent.connect(t.url, `${device.deviceId}.wrong-secret`)).rejects.toThrow('HTTP 401');
    await expect(TestAgent.connect(t.url, `${randomUUID()}.${device.deviceSecret}`)).rejects.toThrow('HTTP 401');
  });

  it('answers hello with ServerHello and records the agent version', async () => {
    const a = await connect();
    a.send(hello);
    expect(await a.next('hello')).toEqual({
      type: 'hello',
      protocolVersion: PROTOCOL_VERSION,
      deviceId: device.deviceId,
      serverVersion: expect.any(String),
      collectIntervalMinutes: 60,
      deltaReports: true,
    });
    const row = t.database.sqlite.prepare('select agent_version, last_seen_at from devices').get() as Record<string, unknown>;
    expect(row.agent_version).toBe('0.1.1');
    expect(row.last_seen_at).toEqual(expect.any(String));
  });

  it('acks a report only once it is stored, and a repeated reportId as a duplicate stored once', async () => {
    const a = await connect();
    const r = report();
    a.send(r);
    const ack = await a.next('ack');
    expect(ack).toEqual({ type: 'ack', reportId: r.reportId, seq: 1 });
    expect(t.database.sqlite.prepare('select device_id from reports where report_id = ?').get(r.reportId)).toEqual({
      device_id: device.deviceId,
    });
    a.send(r);
    expect(await a.next('ack')).toEqual({ type: 'ack', reportId: r.reportId, seq: 1, duplicate: true });
    expect(count('reports')).toBe(1);
    expect(count('status_changes')).toBe(1);
  });

  it('rejects bad JSON, wrong shapes and oversized frames, storing nothing, while another agent keeps working', async () => {
    const other = await enrolDevice(t.app, cookie, 'office-pc');
    const good = await connect(`${other.deviceId}.${other.deviceSecret}`);
    const bad = await connect();

    bad.send('{not json');
    expect(await bad.next('error')).toMatchObject({ code: 'bad-json' });
    const wrong = { type: 'report', reportId: randomUUID(), seq: -1, facts: { collectedAt: 'yesterday' } };
    bad.send(wrong);
    expect(await bad.next('error')).toMatchObject({ code: 'invalid-message', reportId: wrong.reportId });
    bad.send({ type: 'telemetry-v9', data: 1 }); // unknown types are ignored
    bad.send(hello);
    await bad.next('hello');

    bad.send('x'.repeat(LIMITS.maxMessageBytes + 1));
    expect((await bad.closed).code).toBe(CLOSE_CODES.tooLarge);
    expect(count('reports')).toBe(0);

    const r = report(buildFacts());
    good.send(r);
    expect(await good.next('ack')).toMatchObject({ reportId: r.reportId });
    expect(count('reports')).toBe(1);
  });

  it('refuses a reportId that belongs to another device', async () => {
    const other = await enrolDevice(t.app, cookie, 'office-pc');
    const a = await connect();
    const b = await connect(`${other.deviceId}.${other.deviceSecret}`);
    const r = report();
    a.send(r);
    await a.next('ack');
    b.send(r);
    expect(await b.next('error')).toMatchObject({ code: 'invalid-message', reportId: r.reportId });
    expect(count('reports')).toBe(1);
  });

  it('turns a report into findings for all 8 controls, a status and fleet counts', async () => {
    const other = await enrolDevice(t.app, cookie, 'office-pc');
    const a = await connect();
    const b = await connect(`${other.deviceId}.${other.deviceSecret}`);
    a.send(report(buildFacts()));
    b.send(report(buildNoncompliantFacts()));
    await a.next('ack');
    await b.next('ack');

    const list = (await t.app.inject({ url: '/api/devices', headers: { cookie } })).json();
    expect(list).toHaveLength(2);
    for (const d of list) expect(d.findings.map((f: { control: string }) => f.control)).toEqual([...CONTROL_IDS]);
    const byId = new Map(list.map((d: { id: string }) => [d.id, d]));
    expect(byId.get(device.deviceId)).toMatchObject({ status: 'compliant' });
    const office = byId.get(other.deviceId) as { status: string; findings: Array<{ control: string; status: string }> };
    expect(office.status).toBe('noncompliant');
    expect(office.findings.find((f) => f.control === 'social-apps')?.status).toBe('fail');
    expect(office.findings.find((f) => f.control === 'disk-encryption')?.status).toBe('fail');

    const filtered = (await t.app.inject({ url: '/api/devices?status=noncompliant', headers: { cookie } })).json();
    expect(filtered.map((d: { id: string }) => d.id)).toEqual([other.deviceId]);

    const summary = (await t.app.inject({ url: '/api/fleet/summary', headers: { cookie } })).json();
    expect(summary.total).toBe(2);
    expect(summary.byStatus).toEqual({ compliant: 1, grace: 0, noncompliant: 1, notEvaluated: 0, stale: 0 });
    expect(summary.byControl['social-apps']).toEqual({ pass: 1, grace: 0, fail: 1, unknown: 0 });
    expect(summary.byControl['agent-checkin']).toEqual({ pass: 2, grace: 0, fail: 0, unknown: 0 });

    const detail = (await t.app.inject({ url: `/api/devices/${other.deviceId}`, headers: { cookie } })).json();
    expect(detail.facts.os.platform).toBe('linux');
    expect(detail.findings.every((f: { resolution: string }) => typeof f.resolution === 'string')).toBe(true);
    expect(detail.history).toEqual([{ at: expect.any(String), status: 'noncompliant', failing: ['social-apps', 'disk-encryption'] }]);
  });

  it('sends collect-now to a connected agent and 409 when it is not connected', async () => {
    const a = await connect();
    const res = await t.app.inject({ method: 'POST', url: `/api/devices/${device.deviceId}/collect`, headers: { cookie } });
    expect(res.statusCode).toBe(202);
    expect(await a.next('command')).toMatchObject({ type: 'command', name: 'collect-now', commandId: res.json().commandId });
    a.close();
    await a.closed;
    await new Promise((r) => setTimeout(r, 20));
    const again = await t.app.inject({ method: 'POST', url: `/api/devices/${device.deviceId}/collect`, headers: { cookie } });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toEqual({ error: 'device is not connected' });
    const unknown = await t.app.inject({ method: 'POST', url: `/api/devices/${randomUUID()}/collect`, headers: { cookie } });
    expect(unknown.statusCode).toBe(404);
  });

  it('closes agent sockets with 1001 when the server shuts down', async () => {
    const a = await connect();
    a.send(hello);
    await a.next('hello');
    await t.app.close();
    expect((await a.closed).code).toBe(1001);
  });

  it('replaces an older socket of the same device', async () => {
    const first = await connect();
    const second = await connect();
    expect((await first.closed).code).toBe(CLOSE_CODES.replaced);
    second.send(hello);
    await second.next('hello');
  });

  it('revoking closes the socket as revoked and later connections are refused', async () => {
    const a = await connect();
    const res = await t.app.inject({ method: 'DELETE', url: `/api/devices/${device.deviceId}`, headers: { cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.json().revokedAt).toEqual(expect.any(String));
    expect((await a.closed).code).toBe(CLOSE_CODES.revoked);
    const again = await connect();
    expect((await again.closed).code).toBe(CLOSE_CODES.revoked);
    const audit = t.database.sqlite.prepare("select actor from audit_log where action = 'device.revoked'").all();
    expect(audit).toEqual([{ actor: 'user:it-lead@example.org' }]);
    const list = (await t.app.inject({ url: '/api/devices', headers: { cookie } })).json();
    expect(list).toEqual([]);
  });
});
