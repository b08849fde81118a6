import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { CLOSE_CODES, PROTOCOL_VERSION, type EnrollResponse } from '@safefleet/protocol';
import { TestAgent } from '../test-support/agent-client.js';
import { buildFacts } from '../test-support/facts.js';
import { adminCookie, createTestServer, enrolDevice, ingest, type TestServer } from '../test-support/harness.js';
import { AGENT_MAX_FRAME_BYTES, DeviceLimits } from './device-limits.js';

const hello = { type: 'hello', protocolVersion: PROTOCOL_VERSION, agentVersion: '0.1.1', hostname: 'yw-laptop-01', platform: 'linux' };

describe('DeviceLimits (token buckets per device)', () => {
  it('allows a burst, refuses beyond it naming the limit, refills with time, and keeps devices apart', () => {
    let now = 0;
    const limits = new DeviceLimits({ burstMessages: 3, messagesPerSecond: 1, burstBytes: 1000, bytesPerSecond: 100 }, () => now);
    for (let i = 0; i < 3; i++) expect(limits.take('a', 10)).toEqual({ ok: true });
    expect(limits.take('a', 10)).toEqual({ ok: false, reason: expect.stringContaining('more than 3 messages at once or more than 1 a second') });
    expect(limits.take('b', 10)).toEqual({ ok: true });
    expect(limits.mayConnect('a')).toBe(false);
    now += 2_000;
    expect(limits.mayConnect('a')).toBe(true); // a connection costs one message
    expect(limits.take('a', 10)).toEqual({ ok: true });
    expect(limits.take('a', 10).ok).toBe(false);
    expect(limits.take('c', 1001)).toEqual({ ok: false, reason: expect.stringContaining('kB at once') });
  });
});

describe('per-device limits on /ws/agent (real sockets)', () => {
  let t: TestServer;
  const agents: TestAgent[] = [];
  afterEach(async () => {
    for (const a of agents.splice(0)) a.ws.terminate();
    await t.close();
  });
  const connect = async (d: EnrollResponse) => {
    const a = await TestAgent.connect(t.url, `${d.deviceId}.${d.deviceSecret}`);
    agents.push(a);
    return a;
  };

  it('a flooding device gets a clear error and is disconnected, cannot reconnect at once, and the other device keeps working', async () => {
    t = await createTestServer({ listen: true, config: { deviceLimits: { burstMessages: 20, messagesPerSecond: 0.5 } } });
    const cookie = await adminCookie(t.app);
    const [flood, quiet] = [await enrolDevice(t.app, cookie, 'flood'), await enrolDevice(t.app, cookie, 'quiet')];
    const bad = await connect(flood);
    const good = await connect(quiet);
    for (let i = 0; i < 60; i++) bad.send(hello);
    const error = await bad.next('error');
    expect(error).toMatchObject({ code: 'rate-limited', message: expect.stringContaining('more than 20 messages at once') });
    expect(await bad.closed).toEqual({ code: CLOSE_CODES.rateLimited, reason: 'rate limited' });
    await expect(TestAgent.connect(t.url, `${flood.deviceId}.${flood.deviceSecret}`)).rejects.toThrow('HTTP 429');

    const r = { type: 'report', reportId: randomUUID(), seq: 1, facts: buildFacts() };
    good.send(r);
    expect(await good.next('ack')).toMatchObject({ reportId: r.reportId });
  });

  it('a frame over the agent limit closes the socket (1009) before it is stored', async () => {
    t = await createTestServer({ listen: true });
    const cookie = await adminCookie(t.app);
    const a = await connect(await enrolDevice(t.app, cookie));
    a.send('x'.repeat(AGENT_MAX_FRAME_BYTES + 1));
    expect((await a.closed).code).toBe(1009);
    expect(t.database.sqlite.prepare('select count(*) as n from reports').get()).toEqual({ n: 0 });
  });

  it("keeps a device's stored reports within its byte allowance; the newest always stays", async () => {
    t = await createTestServer({ config: { reportBytesPerDevice: 5_000 } });
    const cookie = await adminCookie(t.app);
    const { deviceId } = await enrolDevice(t.app, cookie);
    let last = '';
    for (let seq = 1; seq <= 10; seq++) last = ingest(t.app, deviceId, buildFacts(), seq).reportId;
    const rows = t.database.sqlite.prepare('select report_id, size_bytes from reports').all() as Array<{ report_id: string; size_bytes: number }>;
    const size = rows[0]!.size_bytes;
    expect(size).toBeGreaterThan(1_000);
    expect(rows.length).toBe(Math.floor(5_000 / size));
    expect(rows.map((r) => r.report_id)).toContain(last);
    // Even one report larger than the allowance stays (it is the device's latest).
    t.app.services.ctx.config.reportBytesPerDevice = 10;
    ingest(t.app, deviceId, buildFacts(), 11);
    expect(t.database.sqlite.prepare('select count(*) as n from reports').get()).toEqual({ n: 1 });
  });
});
