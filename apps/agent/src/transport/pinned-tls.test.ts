import { X509Certificate } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Agent } from '../agent.js';
import { AgentState } from '../state/index.js';
import { CONSOLE_A, CONSOLE_B } from './fixtures/certs.js';
import { FakeConsole, waitFor } from './fixtures/fake-console.js';
import { sampleFacts, tempDir } from './fixtures/reports.js';
import { insecureConsoleAddress } from './console-address.js';
import { certificatePin } from './pinned-tls.js';
import { RefusedConsoles } from './refused-consoles.js';

const PIN_A = certificatePin(new X509Certificate(CONSOLE_A.cert));
const PIN_B = certificatePin(new X509Certificate(CONSOLE_B.cert));

describe('certificate pinning (real TLS on 127.0.0.1)', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let logs: string[];
  let agent: Agent | undefined;
  const consoles: FakeConsole[] = [];

  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir());
    logs = [];
  });
  afterEach(async () => {
    await agent?.stop('test over');
    agent = undefined;
    for (const c of consoles.splice(0)) await c.close();
    await cleanup();
  });

  async function enrol(wsUrl: string, pin: string, extra: { nextPin?: string } = {}): Promise<void> {
    const state = await AgentState.open(dir);
    await state.writeEnrolment({
      url: wsUrl.replace(/^wss:/, 'https:').replace('/ws/agent', ''),
      wsUrl,
      deviceId: 'dev_1',
      deviceSecret: 'secret',
      enrolledAt: '2026-12-03T10:00:00Z',
      pin,
      ...extra,
    });
  }

  async function fakeConsole(tls: { cert: string; key: string }, port?: number): Promise<FakeConsole> {
    const fc = await FakeConsole.start({ tls, ...(port ? { port } : {}) });
    consoles.push(fc);
    return fc;
  }

  function create(): Promise<Agent> {
    return Agent.create({
      stateDir: dir,
      log: (m) => void logs.push(m),
      collect: async () => sampleFacts(),
      ws: { backoff: { baseMs: 10, capMs: 50, stableMs: 60_000 } },
    });
  }

  it('the two test certificates have different pins', () => {
    expect(PIN_A).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(PIN_A).not.toBe(PIN_B);
  });

  it('connects over wss to a console showing the pinned self-signed certificate', async () => {
    const fc = await fakeConsole(CONSOLE_A);
    await enrol(fc.url, PIN_A);
    agent = await create();
    agent.start();
    await waitFor(() => logs.includes('acked seq 1'), 10_000, 'report acked over wss');
    expect(fc.authHeaders).toEqual(['Bearer dev_1.secret']);
  });

  it('refuses a console with another certificate, with a clear log line, before sending anything', async () => {
    const fc = await fakeConsole(CONSOLE_B);
    await enrol(fc.url, PIN_A);
    agent = await create();
    agent.start();
    await waitFor(() => logs.some((l) => l.startsWith('refused the console at')), 10_000, 'refusal');
    const line = logs.find((l) => l.startsWith("refused the console's certificate"));
    expect(line).toBe(
      `refused the console's certificate at 127.0.0.1: its pin is sha256/${PIN_B}, but this agent enrolled with sha256/${PIN_A}. ` +
        "Someone may be intercepting the connection, or the console's certificate was replaced without announcing it; " +
        'if the console really changed, enrol this device again',
    );
    expect(fc.tcpConnections).toBeGreaterThan(0); // the agent reached the server ...
    expect(fc.connections).toBe(0); // ... but no WebSocket request (and no device secret) followed
    expect(fc.authHeaders).toEqual([]);
    expect(fc.reports).toEqual([]);
  });

  it('keeps an announced next pin, accepts the new certificate and pins it from then on', async () => {
    const a = await fakeConsole(CONSOLE_A);
    await enrol(a.url, PIN_A);
    agent = await create();
    agent.start();
    await waitFor(() => logs.includes('acked seq 1'), 10_000, 'first report');
    a.broadcast({ type: 'next-pin', pin: PIN_B });
    await waitFor(async () => (await (await AgentState.open(dir)).readEnrolment())?.nextPin === PIN_B, 5_000, 'next pin saved');
    expect(logs).toContain(`the console announced its next certificate (pin sha256/${PIN_B}); it will be accepted too`);

    // The console restarts with the new certificate on the same port.
    const port = a.port;
    await a.close();
    consoles.splice(consoles.indexOf(a), 1);
    const b = await fakeConsole(CONSOLE_B, port);
    await waitFor(() => b.connections > 0, 10_000, 'reconnected to the new certificate');
    await waitFor(async () => (await (await AgentState.open(dir)).readEnrolment())?.pin === PIN_B, 5_000, 'new pin promoted');
    const saved = await (await AgentState.open(dir)).readEnrolment();
    expect(saved?.nextPin).toBeUndefined();
    expect(logs).toContain(`the console changed to its announced certificate; pinned sha256/${PIN_B} from now on`);
  });

  it('ignores a malformed next-pin message', async () => {
    const a = await fakeConsole(CONSOLE_A);
    await enrol(a.url, PIN_A);
    agent = await create();
    agent.start();
    await waitFor(() => logs.includes('acked seq 1'), 10_000, 'first report');
    a.broadcast({ type: 'next-pin', pin: 'not a pin' });
    await waitFor(() => logs.some((l) => l.includes('could not be read')), 5_000, 'rejected message');
    expect((await (await AgentState.open(dir)).readEnrolment())?.nextPin).toBeUndefined();
  });

  it('will not run against a plain ws:// address after an https enrolment', async () => {
    const state = await AgentState.open(dir);
    await state.writeEnrolment({
      url: 'https://console.example.org',
      wsUrl: 'ws://console.example.org/ws/agent',
      deviceId: 'd',
      deviceSecret: 's',
      enrolledAt: '2026-12-03T10:00:00Z',
      pin: PIN_A,
    });
    await expect(create()).rejects.toThrow(/not encrypted \(ws:\/\/\), but this device enrolled over https with a pinned certificate; refusing/);
    // Remembered for the console's audit log (told in the first hello after a good enrolment).
    expect((await RefusedConsoles.open(dir)).forHello()).toMatchObject([
      { address: 'ws://console.example.org/ws/agent', reason: 'plain-address', count: 1 },
    ]);
    expect(insecureConsoleAddress({ url: 'https://c.example', wsUrl: 'ws://c.example/ws/agent' })).toMatch(/enrolled over https;/);
    expect(insecureConsoleAddress({ url: 'http://127.0.0.1:8080', wsUrl: 'ws://127.0.0.1:8080/ws/agent' })).toBeUndefined();
    expect(insecureConsoleAddress({ url: 'https://c.example', wsUrl: 'wss://c.example/ws/agent', pin: PIN_A })).toBeUndefined();
  });
});
