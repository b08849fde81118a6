// Fuzzing /ws/agent on a real server over real WebSockets: an enrolled device sends generated
// hellos, reports, update-status and unknown messages, mutated every way in
// test-support/fuzz/mutations.ts, in batches on one connection. Properties: the server never
// crashes and never answers `internal`; every frame gets exactly the answer the protocol says (a
// clear error naming what is wrong, an ack, a hello, or nothing for an unknown type); every stored
// report parses with the Facts schema and is exactly one that was acked; and a well-formed report
// from a second device is still acked afterwards. FUZZ_SCALE scales the case count (npm run test:fuzz).
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AgentHello,
  CLOSE_CODES,
  Facts,
  parseAgentMessage,
  PROTOCOL_VERSION,
  Report,
  ServerMessage,
  UpdateStatusMessage,
  type EnrollResponse,
} from '@safefleet/protocol';
import { TestAgent } from '../test-support/agent-client.js';
import { buildFacts, buildNoncompliantFacts } from '../test-support/facts.js';
import { cases, FUZZ_SEED, fuzzTimeout, report } from '../test-support/fuzz/budget.js';
import { payloadArbitrary, type Payload } from '../test-support/fuzz/mutations.js';
import { zodArbitrary } from '../test-support/fuzz/zod-arbitrary.js';
import { adminCookie, createTestServer, enrolDevice, type TestServer } from '../test-support/harness.js';
import { AGENT_MAX_FRAME_BYTES } from './device-limits.js';

/** Frames per connection round trip: many cases share one socket and one probe. */
const BATCH = 100;
const WS_CASES = cases(7_000);
const CLOSER_CASES = cases(40);

type Expectation =
  | { reply: 'error'; code: string }
  | { reply: 'ack'; reportId: string }
  | { reply: 'hello' }
  | { reply: 'none' }
  | { reply: 'close' };

/** What the protocol says the console must answer to one frame. */
function expectationOf(p: Payload): Expectation {
  const bytes = p.kind === 'text' ? Buffer.from(p.text, 'utf8') : Buffer.from(p.bytes);
  if (bytes.length > AGENT_MAX_FRAME_BYTES) return { reply: 'close' };
  const r = parseAgentMessage(bytes);
  if (!r.ok) return { reply: 'error', code: r.code };
  if (r.message === null || r.message.type === 'update-status' || r.message.type === 'credential-rotated' || r.message.type === 'notify-status')
    return { reply: 'none' };
  if (r.message.type === 'hello') return r.message.protocolVersion === PROTOCOL_VERSION ? { reply: 'hello' } : { reply: 'close' };
  return { reply: 'ack', reportId: r.message.reportId };
}

function sendPayload(agent: TestAgent, p: Payload): void {
  if (p.kind === 'text') agent.ws.send(p.text);
  else agent.ws.send(p.bytes, { binary: true });
}

function describeFrame(p: Payload): string {
  const body = p.kind === 'text' ? p.text : `<${p.bytes.length} bytes>`;
  return `[${p.mutation}] ${body.slice(0, 300)}`;
}

/** The agent's messages: hellos speaking this protocol, reports, update-status and unknown types. */
function agentMessages(factsPool: unknown[]): fc.Arbitrary<unknown> {
  const hello = zodArbitrary(AgentHello).map((h) => ({ ...(h as object), protocolVersion: PROTOCOL_VERSION }));
  // Facts are the costly part to generate: a pool made from the schema once, then mutated per case.
  const report = fc
    .tuple(fc.constantFrom(...factsPool), fc.nat({ max: 2 ** 31 }))
    .map(([facts, seq]) => ({ type: 'report', reportId: randomUUID(), seq, facts }));
  const unknown = fc.record({
    type: fc.constantFrom('telemetry', 'ping', 'Report', 'HELLO', 'ack', 'command', ''),
    data: fc.jsonValue({ maxDepth: 2 }),
  });
  return fc.oneof(
    { weight: 1, arbitrary: hello },
    { weight: 4, arbitrary: report },
    { weight: 1, arbitrary: zodArbitrary(UpdateStatusMessage) },
    { weight: 2, arbitrary: unknown },
  );
}

describe('fuzzing /ws/agent (real server, real sockets)', () => {
  let t: TestServer;
  let fuzzDevice: EnrollResponse;
  let otherDevice: EnrollResponse;
  const acked = new Set<string>();
  const closers: Payload[] = [];
  let frames = 0;
  const mutations = new Map<string, number>();

  beforeAll(async () => {
    // Per-device limits are tested in device-limits.test.ts; here they are lifted so every frame is read.
    t = await createTestServer({
      listen: true,
      config: {
        deviceLimits: { burstMessages: 1e9, messagesPerSecond: 1e9, burstBytes: 1e13, bytesPerSecond: 1e13 },
        reportRetention: 1e9,
        reportBytesPerDevice: 1e13,
      },
    });
    // Durability across power loss is not what this measures; without an fsync per commit the
    // thousands of stored reports cost CPU only (the same SQL, the same checks).
    t.database.sqlite.pragma('synchronous = NORMAL');
    const cookie = await adminCookie(t.app);
    fuzzDevice = await enrolDevice(t.app, cookie, 'fuzzed-laptop');
    otherDevice = await enrolDevice(t.app, cookie, 'honest-laptop');
  });
  afterAll(async () => {
    await t?.close();
  });

  it(
    `answers ${WS_CASES.toLocaleString('en-GB')} generated and mutated agent frames as the protocol says, never internal`,
    async () => {
      const started = performance.now();
      const pool = [
        buildFacts(),
        buildNoncompliantFacts(),
        ...fc.sample(zodArbitrary(Facts), { numRuns: 60, seed: FUZZ_SEED }),
        // Dates a wrong clock sends (stored as reported, flagged).
        buildFacts({ collectedAt: '9999-12-31T23:59:59.999Z' }),
        buildFacts({ collectedAt: '1970-01-01T00:00:00.000Z' }),
      ];
      let agent = await TestAgent.connect(t.url, `${fuzzDevice.deviceId}.${fuzzDevice.deviceSecret}`);
      const frameArb = payloadArbitrary(agentMessages(pool), { validWeight: 1 });
      await fc.assert(
        fc.asyncProperty(fc.array(frameArb, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
          const sent: Array<{ p: Payload; e: Expectation }> = [];
          for (const p of batch) {
            const e = expectationOf(p);
            if (e.reply === 'close') {
              closers.push(p);
              continue;
            }
            sendPayload(agent, p);
            sent.push({ p, e });
            mutations.set(p.mutation.split(' ')[0]!, (mutations.get(p.mutation.split(' ')[0]!) ?? 0) + 1);
          }
          frames += sent.length;
          // The probe: a hello is answered only after every frame before it was handled (one queue per socket).
          agent.send({ type: 'hello', protocolVersion: PROTOCOL_VERSION, agentVersion: '0.1.0', hostname: 'fuzzed-laptop', platform: 'linux' });
          for (const { p, e } of [
            ...sent,
            { p: { kind: 'text', text: 'probe', mutation: 'probe' } as Payload, e: { reply: 'hello' } as Expectation },
          ]) {
            if (e.reply === 'none') continue;
            let message: unknown;
            try {
              message = await agent.nextAny(30_000);
            } catch (err) {
              throw new Error(`no answer to ${describeFrame(p)}: ${String(err)}`);
            }
            const parsed = ServerMessage.safeParse(message);
            if (!parsed.success)
              throw new Error(`the console answered ${JSON.stringify(message)} (not a valid server message) to ${describeFrame(p)}`);
            const got = parsed.data;
            const ok =
              (e.reply === 'error' && got.type === 'error' && got.code === e.code && got.message.length > 0) ||
              (e.reply === 'ack' && got.type === 'ack' && got.reportId === e.reportId) ||
              (e.reply === 'hello' && got.type === 'hello');
            if (!ok) throw new Error(`expected ${JSON.stringify(e)}, got ${JSON.stringify(got).slice(0, 400)} for ${describeFrame(p)}`);
            if (got.type === 'ack' && !got.duplicate) acked.add(got.reportId);
          }
          if (agent.ws.readyState !== agent.ws.OPEN) agent = await TestAgent.connect(t.url, `${fuzzDevice.deviceId}.${fuzzDevice.deviceSecret}`);
        }),
        { numRuns: Math.ceil(WS_CASES / BATCH), seed: FUZZ_SEED, endOnFailure: true },
      );
      agent.close();
      const top = [...mutations.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 6)
        .map(([m, n]) => `${m} ${n}`)
        .join(', ');
      report('/ws/agent', frames, started, `${acked.size} reports acked and stored; mutation kinds: ${top}…`);
      expect(frames).toBeGreaterThanOrEqual(WS_CASES * 0.95);
      expect(acked.size).toBeGreaterThan(frames / 50);
    },
    fuzzTimeout(240_000),
  );

  it(
    'closes a connection that sends a wrong protocol version or an over-limit frame, with a clear reason, and lets it reconnect',
    async () => {
      const started = performance.now();
      const extra: Payload[] = [
        { kind: 'text', text: 'x'.repeat(AGENT_MAX_FRAME_BYTES + 1), mutation: 'over the frame limit' },
        {
          kind: 'text',
          text: JSON.stringify({ type: 'hello', protocolVersion: 2, agentVersion: '9', hostname: 'h', platform: 'linux' }),
          mutation: 'v2',
        },
      ];
      const list = [...extra, ...closers.slice(0, CLOSER_CASES)];
      for (const p of list) {
        const agent = await TestAgent.connect(t.url, `${fuzzDevice.deviceId}.${fuzzDevice.deviceSecret}`);
        sendPayload(agent, p);
        const closed = await agent.closed;
        if (p.kind === 'text' && Buffer.byteLength(p.text) > AGENT_MAX_FRAME_BYTES) expect(closed.code, describeFrame(p)).toBe(1009);
        else {
          expect(closed, describeFrame(p)).toEqual({ code: CLOSE_CODES.protocolVersion, reason: 'protocol version mismatch' });
          expect(await agent.next('error')).toMatchObject({ code: 'protocol-version', message: expect.stringContaining('update the agent') });
        }
      }
      report('/ws/agent closing frames', list.length, started);
    },
    fuzzTimeout(60_000),
  );

  it('stored only valid reports, exactly the acked ones, and still acks a well-formed report from another device', async () => {
    const rows = t.database.sqlite
      .prepare('select report_id as id, facts_json as json from reports where device_id = ?')
      .all(fuzzDevice.deviceId) as Array<{
      id: string;
      json: string;
    }>;
    for (const row of rows) {
      const parsed = Facts.safeParse(JSON.parse(row.json));
      expect(parsed.success, `stored report ${row.id} does not parse: ${parsed.error?.message.slice(0, 300)}`).toBe(true);
    }
    expect(new Set(rows.map((r) => r.id))).toEqual(acked);

    // The console still reads what it stored about the fuzzed device.
    const cookie = await adminCookie(t.app);
    const detail = await t.app.inject({ method: 'GET', url: `/api/devices/${fuzzDevice.deviceId}`, headers: { cookie } });
    expect(detail.statusCode).toBe(200);

    const other = await TestAgent.connect(t.url, `${otherDevice.deviceId}.${otherDevice.deviceSecret}`);
    other.send({ type: 'hello', protocolVersion: PROTOCOL_VERSION, agentVersion: '0.1.0', hostname: 'honest-laptop', platform: 'linux' });
    await other.next('hello');
    const good = Report.parse({ type: 'report', reportId: randomUUID(), seq: 1, facts: buildFacts() });
    other.send(good);
    expect(await other.next('ack')).toMatchObject({ reportId: good.reportId });
    other.close();
  });
});
