import { readdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLOSE_CODES, type Command } from '@safefleet/protocol';
import { backoffDelay } from './backoff.js';
import { FakeConsole, waitFor } from './fixtures/fake-console.js';
import { sampleReport, tempDir } from './fixtures/reports.js';
import { Outbox } from './outbox.js';
import { WsClient, type WsClientOptions } from './ws-client.js';

describe('backoffDelay', () => {
  it('grows exponentially with full jitter and never passes the cap', () => {
    const opts = { baseMs: 1_000, capMs: 300_000 };
    expect(backoffDelay(0, opts, () => 0.999)).toBe(999);
    expect(backoffDelay(3, opts, () => 0.5)).toBe(4_000);
    expect(backoffDelay(50, opts, () => 0.9999)).toBeLessThan(300_000);
    expect(backoffDelay(5, opts, () => 0)).toBe(0);
  });
});

describe('WsClient against a real WebSocket server', () => {
  let cleanup: () => Promise<void>;
  let outbox: Outbox;
  let outboxDir: string;
  let logs: string[];
  const clients: WsClient[] = [];
  const consoles: FakeConsole[] = [];

  beforeEach(async () => {
    const t = await tempDir();
    cleanup = t.cleanup;
    logs = [];
    outboxDir = join(t.dir, 'outbox');
    outbox = await Outbox.open({ dir: outboxDir, log: (m) => void logs.push(m) });
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.stop()));
    await Promise.all(consoles.splice(0).map((c) => c.close()));
    await cleanup();
  });

  async function fakeConsole(opts: Parameters<typeof FakeConsole.start>[0] = {}): Promise<FakeConsole> {
    const fc = await FakeConsole.start(opts);
    consoles.push(fc);
    return fc;
  }

  function client(url: string, extra: Partial<WsClientOptions> = {}): WsClient {
    const c = new WsClient({
      url,
      deviceId: 'dev_1',
      deviceSecret: 'secret',
      outbox,
      hello: () => ({ agentVersion: '0.1.0', hostname: 'test-host', platform: 'linux', lastSeq: 0 }),
      log: (m) => void logs.push(m),
      backoff: { baseMs: 20, capMs: 100, stableMs: 60_000 },
      ...extra,
    });
    clients.push(c);
    return c;
  }

  it('authenticates, says hello and becomes ready on the server hello', async () => {
    const fc = await fakeConsole();
    const c = client(fc.url);
    const ready = new Promise((resolve) => c.once('ready', resolve));
    c.start();
    expect(await ready).toMatchObject({ deviceId: 'dev_1', collectIntervalMinutes: 60 });
    expect(fc.authHeaders).toEqual(['Bearer dev_1.secret']);
    expect(fc.hellos[0]).toMatchObject({ type: 'hello', protocolVersion: 1, agentVersion: '0.1.0', hostname: 'test-host', platform: 'linux' });
    expect(c.ready).toBe(true);
    expect(logs).toContain(`connected to ${fc.url} as device dev_1`);
  });

  it('sends queued reports in seq order after hello and removes them when acked', async () => {
    const fc = await fakeConsole();
    for (const seq of [2, 1]) await outbox.add(sampleReport(seq));
    const c = client(fc.url);
    c.start();
    await waitFor(() => outbox.size === 0, 5_000, 'acks');
    expect(fc.reports.map((r) => r.seq)).toEqual([1, 2]);
    expect(logs).toEqual(expect.arrayContaining(['sent 2 queued reports', 'acked seq 1', 'acked seq 2']));

    await outbox.add(sampleReport(3));
    await c.flush();
    await waitFor(() => outbox.size === 0, 5_000, 'ack of seq 3');
    expect(fc.reports.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(logs).toContain('sent seq 3');
  });

  it('resends unacked reports after the console drops and comes back, each once, in seq order', async () => {
    const first = await fakeConsole({ onReport: () => undefined }); // receives but never acks
    const port = first.port;
    await outbox.add(sampleReport(1));
    const c = client(first.url);
    c.start();
    await waitFor(() => first.reports.length === 1, 5_000, 'first report');
    await first.close();
    consoles.splice(consoles.indexOf(first), 1);
    await waitFor(() => !c.ready, 5_000, 'disconnect');

    await outbox.add(sampleReport(2));
    await outbox.add(sampleReport(3));
    await c.flush(); // offline: nothing to send to
    expect(outbox.size).toBe(3);

    const second = await fakeConsole({ port });
    await waitFor(() => outbox.size === 0, 5_000, 'all acked after reconnect');
    expect(second.reports.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(new Set(second.reports.map((r) => r.reportId)).size).toBe(3);
    expect(logs).toContain('sent 3 queued reports');
  });

  it('moves a report the console rejects as invalid to rejected/ and never resends it', async () => {
    const fc = await fakeConsole({
      onReport: (r, ws, f) => {
        if (r.seq === 1) ws.send(JSON.stringify({ type: 'error', code: 'invalid-message', message: 'facts.os.platform: bad', reportId: r.reportId }));
        else f.ack(ws, r);
      },
    });
    const bad = sampleReport(1);
    await outbox.add(bad);
    await outbox.add(sampleReport(2));
    const c = client(fc.url);
    const rejected = new Promise((resolve) => c.once('rejected', (entry) => resolve(entry.seq)));
    c.start();
    expect(await rejected).toBe(1);
    await waitFor(() => outbox.size === 0, 5_000, 'ack of seq 2');
    expect(await readdir(join(outboxDir, 'rejected'))).toEqual(expect.arrayContaining([expect.stringContaining(bad.reportId)]));
    fc.broadcast({ type: 'nothing' });
    for (const ws of fc.wss.clients) ws.terminate();
    await waitFor(() => fc.connections === 2 && c.ready, 5_000, 'reconnect');
    await new Promise((r) => setTimeout(r, 100));
    expect(fc.reports.filter((r) => r.reportId === bad.reportId)).toHaveLength(1);
  });

  it('ignores unknown types and unknown commands, survives garbage, and passes commands on', async () => {
    const fc = await fakeConsole();
    const c = client(fc.url);
    const commands: Command[] = [];
    c.on('command', (cmd) => void commands.push(cmd));
    c.start();
    await waitFor(() => c.ready, 5_000, 'ready');
    fc.broadcast({ type: 'from-the-future', x: 1 });
    fc.broadcast({ type: 'command', commandId: 'c0', name: 'self-destruct' });
    fc.broadcast('{not json');
    fc.broadcast({ type: 'ack', reportId: 'not-a-uuid' });
    fc.broadcast({ type: 'command', commandId: 'c1', name: 'collect-now' });
    fc.broadcast({ type: 'command', commandId: 'c2', name: 'set-interval', args: { collectIntervalMinutes: 15 } });
    await waitFor(() => commands.length === 2, 5_000, 'commands');
    expect(commands.map((x) => x.name)).toEqual(['collect-now', 'set-interval']);
    expect(logs.filter((l) => l.startsWith('ignored a message'))).toHaveLength(2);
    expect(c.ready).toBe(true);
    expect(fc.connections).toBe(1);
  });

  it('retries with bounded, growing backoff while the console is unreachable', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const c = client(`ws://127.0.0.1:${port}/ws/agent`, { backoff: { baseMs: 5, capMs: 40, stableMs: 60_000 } });
    const delays: number[] = [];
    c.on('reconnecting', ({ delayMs }) => void delays.push(delayMs));
    c.start();
    await waitFor(() => delays.length >= 8, 5_000, 'eight retries');
    expect(delays.every((d) => d >= 0 && d <= 40)).toBe(true);
    expect(logs[0]).toMatch(/^could not connect to ws:\/\/127\.0\.0\.1:\d+\/ws\/agent \(ECONNREFUSED\); retrying in/);
  });

  it('backs off to the maximum when the console refuses the credentials (HTTP 401)', async () => {
    const fc = await fakeConsole({ server: { verifyClient: (_info, cb) => cb(false, 401, 'Unauthorized') } });
    const c = client(fc.url, { backoff: { baseMs: 5, capMs: 150, stableMs: 60_000 } });
    const retry = new Promise<number>((resolve) => c.once('reconnecting', ({ delayMs }) => resolve(delayMs)));
    c.start();
    expect(await retry).toBe(150);
    expect(logs[0]).toContain("did not accept this device's credentials");
  });

  it('says the device was removed when the console closes with "revoked"', async () => {
    const fc = await fakeConsole();
    fc.wss.on('connection', (ws) => ws.close(CLOSE_CODES.revoked, 'device removed'));
    const c = client(fc.url, { backoff: { baseMs: 5, capMs: 120, stableMs: 60_000 } });
    const retry = new Promise<number>((resolve) => c.once('reconnecting', ({ delayMs }) => resolve(delayMs)));
    c.start();
    expect(await retry).toBe(120);
    expect(logs.join('\n')).toContain('this device was removed from the console; enrol it again');
  });

  it('detects a dead connection with ping/pong and reconnects', async () => {
    const fc = await fakeConsole({ server: { autoPong: false } });
    const c = client(fc.url, { heartbeatMs: 40 });
    c.start();
    await waitFor(() => fc.connections >= 2, 5_000, 'reconnect after missing pongs');
    expect(logs.join('\n')).toMatch(/no reply from the console for 40ms; reconnecting/);
  });

  it('sends a report again after the console could not store it', async () => {
    let failures = 1;
    const fc = await fakeConsole({
      onReport: (r, ws, f) => {
        if (failures-- > 0) ws.send(JSON.stringify({ type: 'error', code: 'internal', message: 'database is locked', reportId: r.reportId }));
        else f.ack(ws, r);
      },
    });
    await outbox.add(sampleReport(1));
    const c = client(fc.url, { retryMs: 50 });
    c.start();
    await waitFor(() => outbox.size === 0, 5_000, 'ack after retry');
    expect(fc.reports.map((r) => r.seq)).toEqual([1, 1]);
    expect(logs.join('\n')).toContain('could not store seq 1 (internal: database is locked)');
  });

  it('stops cleanly and does not reconnect', async () => {
    const fc = await fakeConsole();
    const c = client(fc.url);
    c.start();
    await waitFor(() => c.ready, 5_000, 'ready');
    await c.stop();
    await new Promise((r) => setTimeout(r, 200));
    expect(fc.connections).toBe(1);
    expect(fc.wss.clients.size).toBe(0);
  });
});
