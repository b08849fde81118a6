import { afterEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, ServerMessage } from '@safefleet/protocol';
import { TestAgent } from '../test-support/agent-client.js';
import { adminCookie, createTestServer, enrolDevice, type TestServer } from '../test-support/harness.js';

const hello = { type: 'hello', protocolVersion: PROTOCOL_VERSION, agentVersion: '0.1.1', hostname: 'yw-laptop-01', platform: 'linux' };
const PIN = 'PoH8ymN4m9GWhygu80iZoFZNgomoPEsE6fXI9bH+HZo=';
const NEXT = 'zEHOPSgHtvQhykSL00BWpGtWCXjG9No3QC7XM7ZTAKc=';

describe('certificate rotation announced to agents', () => {
  let t: TestServer;
  afterEach(() => t.close());

  it('sends next-pin after hello while a next certificate exists, and to connected agents when one appears', async () => {
    t = await createTestServer({ listen: true, config: { tls: { pin: PIN, nextPin: NEXT } } });
    const device = await enrolDevice(t.app, await adminCookie(t.app));
    const a = await TestAgent.connect(t.url, `${device.deviceId}.${device.deviceSecret}`);
    a.send(hello);
    await a.next('hello');
    const announced = await a.next('next-pin');
    expect(ServerMessage.parse(announced)).toEqual({ type: 'next-pin', pin: NEXT });

    // What the console's watcher does when `tls rotate` runs while agents are connected.
    const newer = 'A'.repeat(43) + '=';
    expect(t.app.services.registry.broadcast({ type: 'next-pin', pin: newer })).toBe(1);
    expect(await a.next('next-pin')).toEqual({ type: 'next-pin', pin: newer });
    a.close();
  });

  it('sends no next-pin without a next certificate', async () => {
    t = await createTestServer({ listen: true, config: { tls: { pin: PIN } } });
    const device = await enrolDevice(t.app, await adminCookie(t.app));
    const a = await TestAgent.connect(t.url, `${device.deviceId}.${device.deviceSecret}`);
    a.send(hello);
    await a.next('hello');
    await expect(a.next('next-pin', 500)).rejects.toThrow('no "next-pin" message');
    a.close();
  });
});
