// Faults (issue 10): a connection cut in the middle of a frame, and a half-open socket (the agent's
// side went away without a FIN). Spoken over a raw TCP socket with hand-made WebSocket frames, so
// the cut lands exactly where the test says. Nothing half-received is stored; the agent's resend is
// stored once; a half-open socket is dropped by the heartbeat and the agent's resend is a duplicate.
import { randomBytes, randomUUID } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildFacts } from '../test-support/facts.js';
import { TestAgent } from '../test-support/agent-client.js';
import { adminCookie, createTestServer, enrolDevice, type TestServer } from '../test-support/harness.js';

/** A client WebSocket text frame (masked, as RFC 6455 requires from clients). */
function frame(text: string): Buffer {
  const payload = Buffer.from(text);
  const n = payload.length;
  let header: Buffer;
  if (n < 126) header = Buffer.from([0x81, 0x80 | n]);
  else if (n < 65_536) {
    header = Buffer.from([0x81, 0x80 | 126, 0, 0]);
    header.writeUInt16BE(n, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = 0x81;
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(BigInt(n), 2);
  }
  const mask = randomBytes(4);
  const masked = Buffer.alloc(n);
  for (let i = 0; i < n; i++) masked[i] = payload[i]! ^ mask[i % 4]!;
  return Buffer.concat([header, mask, masked]);
}

/** Opens /ws/agent over plain TCP: the HTTP upgrade by hand, resolved after "101". */
function rawAgent(url: string, auth: string): Promise<Socket> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => {
      socket.write(
        [
          'GET /ws/agent HTTP/1.1',
          `Host: 127.0.0.1:${port}`,
          'Upgrade: websocket',
          'Connection: Upgrade',
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
          'Sec-WebSocket-Version: 13',
          `Authorization: Bearer ${auth}`,
          '',
          '',
        ].join('\r\n'),
      );
    });
    let head = '';
    const onData = (d: Buffer) => {
      head += d.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      if (head.startsWith('HTTP/1.1 101')) resolve(socket);
      else reject(new Error(head.split('\r\n')[0]));
    };
    socket.on('data', onData);
    socket.on('error', reject);
  });
}

const hello = JSON.stringify({ type: 'hello', protocolVersion: 1, agentVersion: '0.1.0', hostname: 'yw-laptop-01', platform: 'linux' });

describe('connection faults', () => {
  let t: TestServer;
  let deviceId: string;
  let auth: string;
  beforeEach(async () => {
    t = await createTestServer({ listen: true, config: { agentHeartbeatMs: 200 } });
    const enrolled = await enrolDevice(t.app, await adminCookie(t.app));
    deviceId = enrolled.deviceId;
    auth = `${enrolled.deviceId}.${enrolled.deviceSecret}`;
  });
  afterEach(() => t.close());

  const stored = (reportId: string) =>
    (t.database.sqlite.prepare('SELECT count(*) AS n FROM reports WHERE report_id = ?').get(reportId) as { n: number }).n;
  const reportsOfDevice = () => (t.database.sqlite.prepare('SELECT count(*) AS n FROM reports WHERE device_id = ?').get(deviceId) as { n: number }).n;

  it('a connection cut mid-frame stores nothing; the resent report is stored once', async () => {
    const reportId = randomUUID();
    const report = JSON.stringify({ type: 'report', reportId, seq: 1, facts: buildFacts() });
    const raw = await rawAgent(t.url, auth);
    raw.write(frame(hello));
    const bytes = frame(report);
    raw.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
    await new Promise((r) => setTimeout(r, 200));
    raw.destroy();
    await new Promise((r) => setTimeout(r, 200));
    expect(reportsOfDevice()).toBe(0);

    const agent = await TestAgent.connect(t.url, auth);
    agent.send(hello);
    await agent.next('hello');
    agent.send(report);
    const ack = await agent.next('ack');
    expect(ack).toMatchObject({ reportId, seq: 1 });
    expect(ack.duplicate).toBeUndefined();
    expect(stored(reportId)).toBe(1);
    expect(reportsOfDevice()).toBe(1);
    agent.close();
  });

  it('a half-open socket is dropped by the heartbeat; the resend of its unread ack is a duplicate, stored once', async () => {
    const reportId = randomUUID();
    const report = JSON.stringify({ type: 'report', reportId, seq: 1, facts: buildFacts() });
    const raw = await rawAgent(t.url, auth);
    raw.write(frame(hello));
    raw.write(frame(report));
    raw.pause(); // the agent's side is gone: nothing is read, no pong, no FIN
    await new Promise((r) => setTimeout(r, 150));
    expect(stored(reportId)).toBe(1); // stored and acked, but the ack was never read
    expect(t.app.services.registry.isConnected(deviceId)).toBe(true);
    const start = Date.now();
    while (t.app.services.registry.isConnected(deviceId)) {
      if (Date.now() - start > 5_000) throw new Error('the half-open socket was not dropped');
      await new Promise((r) => setTimeout(r, 50));
    }
    raw.destroy();

    const agent = await TestAgent.connect(t.url, auth);
    agent.send(hello);
    await agent.next('hello');
    agent.send(report);
    expect(await agent.next('ack')).toMatchObject({ reportId, duplicate: true });
    expect(reportsOfDevice()).toBe(1);
    agent.close();
  });
});
