// Acceptance (foundation): a malformed, oversized or wrongly typed message on /ws/agent gets an `error`
// reply or a close with a clear code; nothing is stored; other agents keep working.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import WebSocket from 'ws';
import { EnrollResponse, LIMITS, PROTOCOL_VERSION, ServerMessage, type FactsInput, type ServerMessage as ServerMessageT } from '@safefleet/protocol';
import { ConsoleProcess } from '../support/console.js';
import { removeTempDirs, stopAll } from '../support/processes.js';

let consoleProc: ConsoleProcess;

beforeAll(async () => {
  consoleProc = await ConsoleProcess.create();
  await consoleProc.start();
});
afterAll(async () => {
  await stopAll();
  removeTempDirs();
});

async function enrol(enrolmentToken: string, hostname: string): Promise<EnrollResponse> {
  const res = await fetch(`${consoleProc.url}/agent/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: enrolmentToken, hostname, platform: 'linux', agentVersion: 'e2e' }),
  });
  expect(res.status).toBe(200);
  return EnrollResponse.parse(await res.json());
}

/** A raw WebSocket agent that records what the server says. */
class RawAgent {
  readonly received: ServerMessageT[] = [];
  closeCode: number | null = null;
  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => this.received.push(ServerMessage.parse(JSON.parse(data.toString()))));
    ws.on('close', (code) => (this.closeCode = code));
  }
  static async connect(creds: EnrollResponse): Promise<RawAgent> {
    const ws = new WebSocket(creds.wsUrl, { headers: { authorization: `Bearer ${creds.deviceId}.${creds.deviceSecret}` } });
    const agent = new RawAgent(ws);
    await new Promise<void>((res, rej) => {
      ws.once('open', () => res());
      ws.once('error', rej);
    });
    ws.send(JSON.stringify({ type: 'hello', protocolVersion: PROTOCOL_VERSION, agentVersion: 'e2e', hostname: 'raw', platform: 'linux' }));
    await agent.next((m) => m.type === 'hello');
    return agent;
  }
  async next(pred: (m: ServerMessageT) => boolean, timeoutMs = 10_000): Promise<ServerMessageT> {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      const i = this.received.findIndex(pred);
      if (i >= 0) return this.received.splice(i, 1)[0]!;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no matching server message; got ${JSON.stringify(this.received)}`);
  }
  async closed(timeoutMs = 10_000): Promise<number> {
    const end = Date.now() + timeoutMs;
    while (this.closeCode === null && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    if (this.closeCode === null) throw new Error('socket did not close');
    return this.closeCode;
  }
}

function facts(hostname: string): FactsInput {
  return {
    collectedAt: new Date().toISOString(),
    agentVersion: 'e2e',
    os: { status: 'ok', platform: 'linux', distro: 'Debian GNU/Linux', release: '12', hostname },
    antivirus: { status: 'ok', products: [] },
    updates: { status: 'ok', pendingCount: 0, securityPendingCount: 0 },
    accounts: { status: 'ok', accounts: [] },
    apps: { status: 'ok', apps: [{ name: 'Telegram Desktop', id: 'telegram-desktop', source: 'dpkg' }] },
    encryption: { status: 'ok', volumes: [{ mount: '/', encrypted: true, isSystem: true, method: 'LUKS' }] },
    screenLock: { status: 'unsupported', error: 'no desktop session' },
  };
}

function reportCount(): number {
  const db = new Database(join(consoleProc.dataDir, 'safefleet.db'), { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM reports').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('/ws/agent with a misbehaving agent beside a good one', () => {
  it('answers bad input with an error or a clear close code, stores nothing, keeps serving others', async () => {
    const token = (await consoleProc.createEnrolmentString(2)).slice('SFE1.'.length);
    const { token: enrolmentToken } = JSON.parse(Buffer.from(token, 'base64url').toString()) as { token: string };
    const badCreds = await enrol(enrolmentToken, 'bad-agent');
    const goodCreds = await enrol(enrolmentToken, 'good-agent');

    // Unauthenticated connections are refused before the upgrade.
    const refused = new WebSocket(goodCreds.wsUrl, { headers: { authorization: `Bearer ${goodCreds.deviceId}.wrong` } });
    const status = await new Promise<number>((res) => refused.on('unexpected-response', (_req, r) => res(r.statusCode ?? 0)));
    expect(status).toBe(401);

    const bad = await RawAgent.connect(badCreds);
    const good = await RawAgent.connect(goodCreds);
    const before = reportCount();

    bad.ws.send('{"type": "report", this is not json');
    expect(await bad.next((m) => m.type === 'error')).toMatchObject({ type: 'error', code: 'bad-json' });

    const wrongId = randomUUID();
    bad.ws.send(JSON.stringify({ type: 'report', reportId: wrongId, seq: 'one', facts: { os: 42 } }));
    expect(await bad.next((m) => m.type === 'error')).toMatchObject({ type: 'error', code: 'invalid-message', reportId: wrongId });

    bad.ws.send(JSON.stringify({ type: 'from-the-future', x: 1 })); // ignored, no reply needed

    // The good agent is served while the bad one misbehaves.
    const goodId = randomUUID();
    good.ws.send(JSON.stringify({ type: 'report', reportId: goodId, seq: 1, facts: facts('good-agent') }));
    expect(await good.next((m) => m.type === 'ack')).toMatchObject({ type: 'ack', reportId: goodId });
    expect(reportCount()).toBe(before + 1);

    // Oversized: the socket is closed with 1009 (message too big).
    bad.ws.send('x'.repeat(LIMITS.maxMessageBytes + 1024));
    expect(await bad.closed()).toBe(1009);

    // Still serving the good agent, and nothing from the bad one was stored.
    const goodId2 = randomUUID();
    good.ws.send(JSON.stringify({ type: 'report', reportId: goodId2, seq: 2, facts: facts('good-agent') }));
    expect(await good.next((m) => m.type === 'ack')).toMatchObject({ reportId: goodId2 });
    expect(reportCount()).toBe(before + 2);
    expect((await fetch(`${consoleProc.url}/healthz`)).status).toBe(200);

    const api = await consoleProc.login();
    const detail = (await (await api(`/api/devices/${goodCreds.deviceId}`)).json()) as {
      findings: { control: string; status: string; reason: string }[];
    };
    const social = detail.findings.find((f) => f.control === 'social-apps');
    expect(social?.status).toBe('fail');
    expect(social?.reason).toMatch(/Telegram/);
    good.ws.close();
  });
});
