import { afterEach, describe, expect, it } from 'vitest';
import { MAX_REFUSED_CONSOLES, PROTOCOL_VERSION } from '@safefleet/protocol';
import { TestAgent } from '../test-support/agent-client.js';
import { adminCookie, createTestServer, enrolDevice, type TestServer } from '../test-support/harness.js';

const PIN = 'q3oJ0v8H7nUvB8m1m2H1cWcP6q0nZl0b1S3Jr5bT2sY=';
const refusal = {
  address: 'wss://console.example.org/ws/agent',
  pin: PIN,
  firstAt: '2026-12-03T09:00:00.000Z',
  lastAt: '2026-12-03T09:30:00.000Z',
  count: 4,
};
const hello = { type: 'hello', protocolVersion: PROTOCOL_VERSION, agentVersion: '0.1.1', hostname: 'yw-laptop-01', platform: 'linux' };

describe('a device reports the consoles it refused (wrong certificate pin)', () => {
  let t: TestServer;
  afterEach(async () => {
    await t.close();
  });

  it('writes one audit row per refused console, naming the device, the address and the pin', async () => {
    t = await createTestServer({ listen: true });
    const cookie = await adminCookie(t.app);
    const d = await enrolDevice(t.app, cookie);
    const a = await TestAgent.connect(t.url, `${d.deviceId}.${d.deviceSecret}`);
    a.send({ ...hello, refusedConsoles: [refusal] });
    await a.next('hello');
    const rows = t.database.sqlite
      .prepare("select actor, target, detail_json as detail from audit_log where action = 'agent.refused-console'")
      .all() as Array<{
      actor: string;
      target: string;
      detail: string;
    }>;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor: `device:${d.deviceId}`, target: d.deviceId });
    expect(JSON.parse(rows[0]!.detail)).toEqual({
      ...refusal,
      reason: 'wrong-certificate',
      message: `device yw-laptop-01 refused a console at wss://console.example.org/ws/agent presenting certificate sha256/${PIN}: possible interception`,
    });
    // A hello without refusals adds nothing; more than the bound is an invalid hello.
    a.send(hello);
    await a.next('hello');
    a.send({ ...hello, refusedConsoles: Array.from({ length: MAX_REFUSED_CONSOLES + 1 }, () => refusal) });
    expect(await a.next('error')).toMatchObject({ code: 'invalid-message' });
    expect(t.database.sqlite.prepare("select count(*) as n from audit_log where action = 'agent.refused-console'").get()).toEqual({ n: 1 });
    a.close();
  });

  it('a plain ws:// address refused after an https enrolment: its own words, no pin', async () => {
    t = await createTestServer({ listen: true });
    const cookie = await adminCookie(t.app);
    const d = await enrolDevice(t.app, cookie);
    const a = await TestAgent.connect(t.url, `${d.deviceId}.${d.deviceSecret}`);
    const plain = {
      address: 'ws://console.example.org/ws/agent',
      reason: 'plain-address',
      firstAt: refusal.firstAt,
      lastAt: refusal.firstAt,
      count: 1,
    };
    a.send({ ...hello, refusedConsoles: [plain] });
    await a.next('hello');
    const row = t.database.sqlite.prepare("select detail_json as detail from audit_log where action = 'agent.refused-console'").get() as {
      detail: string;
    };
    expect(JSON.parse(row.detail)).toEqual({
      ...plain,
      message:
        "device yw-laptop-01 refused to send its reports to ws://console.example.org/ws/agent: a plain (unencrypted) ws:// address after an https enrolment; check the console's --public-url and where the enrolment string came from",
    });
    a.close();
  });
});
