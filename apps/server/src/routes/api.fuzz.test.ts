// Fuzzing the REST API over real HTTP with a real admin session cookie and the console's Origin.
// Every route the protocol declares (packages/protocol/src/api/routes/*) that takes a body, a query
// string or path parameters gets generated requests: bodies and queries derived from its zod
// schemas and mutated (test-support/fuzz/mutations.ts), path parameters from real ids and hostile
// strings, odd content types, and now and then a foreign Origin. Properties: never a 5xx; every
// 4xx is JSON with a plain `error`; every 2xx JSON answer parses with the route's response schema;
// afterwards every read route still answers 200 (so nothing unreadable was stored) and a device
// enrolled afterwards still gets its report acked. FUZZ_SCALE scales the case count.
import { randomUUID } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as protocol from '@safefleet/protocol';
import { PROTOCOL_VERSION, Report, type RouteDef, SESSION_COOKIE } from '@safefleet/protocol';
import { TestAgent } from '../test-support/agent-client.js';
import { buildFacts, buildNoncompliantFacts } from '../test-support/facts.js';
import { cases, FUZZ_SEED, fuzzTimeout, report } from '../test-support/fuzz/budget.js';
import { hostileString, mutatedValue, payloadArbitrary, rawTextOf, serialise, type Payload } from '../test-support/fuzz/mutations.js';
import { zodArbitrary } from '../test-support/fuzz/zod-arbitrary.js';
import { adminCookie, createToken, createTestServer, enrolDevice, ingest, PASSWORD, tokenOf, type TestServer } from '../test-support/harness.js';

const REST_CASES = cases(5_000);

/**
 * Left out: these call cloud APIs (Google, Microsoft) when a valid configuration is saved, and the
 * tests send traffic to 127.0.0.1 only. Their request parsing is the same addRoute path as the rest.
 */
const EXCLUDED = new Set(['PUT /api/tablets/connectors/:provider', 'POST /api/tablets/connectors/:provider/sync']);
/** Routes that hash a password or draw a PDF on a valid request: fewer cases, same checks. */
const SLOW = new Set([
  'POST /api/auth/login',
  'POST /api/auth/password',
  'POST /api/users',
  'PATCH /api/users/:id',
  'GET /api/report/pdf',
  'POST /agent/enroll',
]);

/** Every route declared in the protocol (the `…Api` objects of packages/protocol/src/api/routes). */
function declaredRoutes(): RouteDef[] {
  const routes: RouteDef[] = [];
  for (const [name, value] of Object.entries(protocol)) {
    if (!name.endsWith('Api') || !value || typeof value !== 'object') continue;
    for (const r of Object.values(value as Record<string, unknown>)) {
      const def = r as RouteDef;
      if (def && typeof def === 'object' && typeof def.method === 'string' && typeof def.path === 'string') routes.push(def);
    }
  }
  return routes;
}

const keyOf = (r: RouteDef) => `${r.method} ${r.path}`;

interface Answer {
  status: number;
  contentType: string;
  body: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function send(base: string, method: string, path: string, headers: Record<string, string>, body?: Buffer, retried = false): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${base}${path}`,
      { method, headers: { ...headers, ...(body ? { 'content-length': String(body.length) } : {}) }, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) => {
      // A kept-alive socket the server closed after its last answer (it does after refusing a
      // malformed request): send again once on a new connection, as any HTTP client does.
      if (req.reusedSocket && !retried && (err.code === 'ECONNRESET' || err.code === 'EPIPE')) {
        send(base, method, path, headers, body, true).then(resolve, reject);
      } else reject(err);
    });
    req.end(body);
  });
}

/** encodeURIComponent that also takes unpaired surrogates (written as U+FFFD, as a browser would). */
function encode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.!~*'()]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Query-string values: what a browser or curl would write for a (mutated) value. */
function queryString(value: unknown): string {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return `q=${encode(rawTextOf(value) ?? String(serialise(value)))}`;
  const parts: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    const values = Array.isArray(v) ? v : [v];
    for (const item of values) {
      const text = rawTextOf(item) ?? (item !== null && typeof item === 'object' ? serialise(item) : String(item));
      parts.push(`${encode(k)}=${encode(text)}`);
    }
  }
  return parts.join('&');
}

const RAW_QUERIES = [
  'a[b]=1',
  '__proto__[admin]=1',
  'constructor.prototype.x=1',
  '%',
  '%zz=%zz',
  'status=a&status=b',
  `x=${'y'.repeat(20_000)}`,
  '&&&=&',
  'limit=-1',
  'limit=1e400',
  'cursor=%00',
];
const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=latin1',
  'application/octet-stream',
  '',
];

interface FuzzRequest {
  method: RouteDef['method'];
  path: string;
  body?: Payload;
  contentType: string;
  foreignOrigin: boolean;
  /** A path parameter was empty: the path may name another route (`/api/alerts/` is the list). */
  emptyParam: boolean;
}

function requestArbitrary(route: RouteDef, idPool: string[], adminId: string): fc.Arbitrary<FuzzRequest> {
  const names = [...route.path.matchAll(/:([A-Za-z][A-Za-z0-9]*)/g)].map((m) => m[1]!);
  const param = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...idPool).map((id) => encode(id)) },
    { weight: 2, arbitrary: hostileString.map((s) => encode(s)) },
    { weight: 1, arbitrary: fc.integer({ min: -2, max: 10_000 }).map(String) },
    { weight: 1, arbitrary: fc.constantFrom('%zz', '%C0%AF', '%00', '..', '%2e%2e%2f', 'x'.repeat(5_000), 'null', 'undefined') },
  );
  const params = fc.tuple(...names.map(() => param));
  const query = route.query
    ? fc.oneof(
        { weight: 2, arbitrary: zodArbitrary(route.query).map((v) => queryString(v)) },
        { weight: 4, arbitrary: mutatedValue(zodArbitrary(route.query)).map(({ value }) => queryString(value)) },
        { weight: 1, arbitrary: fc.constantFrom(...RAW_QUERIES) },
      )
    : fc.oneof({ weight: 5, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom(...RAW_QUERIES) });
  const hasBodyMethod = route.method !== 'GET' && route.method !== 'DELETE';
  const body: fc.Arbitrary<Payload | undefined> = route.body
    ? payloadArbitrary(zodArbitrary(route.body))
    : hasBodyMethod
      ? fc.option(payloadArbitrary(fc.constant({})), { nil: undefined })
      : fc.constant(undefined);
  const contentType = fc.oneof(
    { weight: 8, arbitrary: fc.constant('application/json') },
    { weight: 2, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
  );
  return fc
    .record({
      params,
      query,
      body,
      contentType,
      foreignOrigin: fc.oneof({ weight: 1, arbitrary: fc.constant(true) }, { weight: 12, arbitrary: fc.constant(false) }),
    })
    .map(({ params: values, query: q, body: b, contentType: ct, foreignOrigin }) => {
      let i = 0;
      // The signed-in admin is never the target (demoting or deleting it would end the run, not test it).
      let path = route.path.replace(/:([A-Za-z][A-Za-z0-9]*)/g, () => {
        const v = values[i++]!;
        return v === adminId ? 'someone-else' : v;
      });
      if (q) path += `?${q}`;
      return { method: route.method, path, body: sanitise(route, b), contentType: ct, foreignOrigin, emptyParam: values.some((v) => v === '') };
    });
}

/** Keeps generated settings from pointing the console at a real mail server or webhook off this machine. */
function sanitise(route: RouteDef, body: Payload | undefined): Payload | undefined {
  if (!body || body.kind !== 'text') return body;
  const key = keyOf(route);
  if (key !== 'PUT /api/notifications/settings' && key !== 'POST /api/notifications/recipients') return body;
  let value: unknown;
  try {
    value = JSON.parse(body.text);
  } catch {
    return body;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return body;
  const v = value as Record<string, unknown>;
  if (!(v.smtp && typeof v.smtp === 'object') && !('url' in v)) return body;
  if (v.smtp && typeof v.smtp === 'object') v.smtp = { ...(v.smtp as object), host: '127.0.0.1', port: 9 };
  if ('url' in v) v.url = 'http://127.0.0.1:9/hook';
  try {
    return { ...body, text: JSON.stringify(v) };
  } catch {
    return { ...body, text: '{}', mutation: `${body.mutation} (too deep to rewrite: sent {})` };
  }
}

function describeRequest(r: FuzzRequest): string {
  const b = r.body ? (r.body.kind === 'text' ? r.body.text.slice(0, 300) : `<${r.body.bytes.length} bytes>`) : '(no body)';
  return `${r.method} ${r.path.slice(0, 200)} [${r.contentType}] ${r.body ? `[${r.body.mutation}] ` : ''}${b}`;
}

/** Every value named id / …Id / token in a JSON answer (the real ids requests aim at). */
function collectIds(value: unknown, into: Set<string>, depth = 0): void {
  if (depth > 6 || !value || typeof value !== 'object') return;
  for (const [k, v] of Object.entries(value)) {
    if ((k === 'id' || k.endsWith('Id')) && (typeof v === 'string' || typeof v === 'number')) into.add(String(v));
    else collectIds(v, into, depth + 1);
  }
}

/**
 * Signs the admin in again from another loopback address: the fuzzed sign-ins (wrong passwords from
 * 127.0.0.1) rightly lock that address out of new sign-ins for a while.
 */
async function signInAgain(t: TestServer): Promise<string> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    remoteAddress: `127.0.${Math.floor(Math.random() * 200) + 1}.${Math.floor(Math.random() * 200) + 1}`,
    payload: { email: 'it-lead@example.org', password: PASSWORD },
  });
  if (res.statusCode !== 200) throw new Error(`sign-in again failed: ${res.statusCode} ${res.body}`);
  const c = res.cookies.find((x) => x.name === SESSION_COOKIE);
  if (!c) throw new Error('no session cookie');
  return `${SESSION_COOKIE}=${c.value}`;
}

describe('fuzzing the REST API (real server over HTTP, admin session, same Origin)', () => {
  let t: TestServer;
  let cookie: string;
  let adminId = '';
  const routes = declaredRoutes().filter((r) => !EXCLUDED.has(keyOf(r)) && (r.body || r.query || r.params));

  beforeAll(async () => {
    // Sign-in and write rate limits are tested in their own files; here every request must reach its route.
    t = await createTestServer({ listen: true, config: { rateLimit: false } });
    t.database.sqlite.pragma('synchronous = NORMAL');
    cookie = await adminCookie(t.app);
    // Things for requests to aim at: devices with findings, alerts and concerns, users, tokens…
    for (const name of ['victim-1', 'victim-2', 'victim-3']) {
      const d = await enrolDevice(t.app, cookie, name);
      ingest(t.app, d.deviceId, buildNoncompliantFacts());
    }
    await t.app.services.users.create({ email: 'viewer@example.org', role: 'viewer', password: PASSWORD }, 'test');
    await createToken(t.app, cookie);
    await t.app.inject({ method: 'POST', url: '/api/concerns', headers: { cookie }, payload: { summary: 'A keeper said a child messaged them' } });
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    adminId = String((me.json() as { user: { id: string | number } }).user.id);
  });
  afterAll(async () => {
    agent.destroy();
    await t?.close();
  });

  it(
    `answers ${REST_CASES.toLocaleString('en-GB')} generated requests to every declared route without a 5xx, with plain errors`,
    async () => {
      expect(routes.length).toBeGreaterThan(40);
      const ids = new Set<string>();
      for (const r of declaredRoutes().filter((d) => d.method === 'GET' && !d.params && d.response)) {
        const res = await t.app.inject({ method: 'GET', url: r.path, headers: { cookie } });
        if (res.statusCode === 200) collectIds(res.json(), ids);
      }
      ids.delete(adminId);
      const idPool = [...ids, randomUUID(), 'google-workspace', 'intune', 'csv'];
      const started = performance.now();
      const weights = routes.map((r) => (SLOW.has(keyOf(r)) ? 1 : 10));
      const perCase = REST_CASES / weights.reduce((a, b) => a + b, 0);
      const statuses = new Map<number, number>();
      let count = 0;
      let relogins = 0;
      const perRoute: Array<[string, number, number]> = [];
      for (const [i, route] of routes.entries()) {
        const runs = Math.max(3, Math.round(weights[i]! * perCase));
        const routeStarted = performance.now();
        await fc.assert(
          fc.asyncProperty(requestArbitrary(route, idPool, adminId), async (r) => {
            const headers: Record<string, string> = { cookie, origin: r.foreignOrigin ? 'http://evil.example' : t.url };
            if (r.body && r.contentType) headers['content-type'] = r.contentType;
            const body = r.body ? (r.body.kind === 'text' ? Buffer.from(r.body.text, 'utf8') : Buffer.from(r.body.bytes)) : undefined;
            const res = await send(t.url, r.method, r.path, headers, body);
            count++;
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
            if (res.status >= 500) throw new Error(`${res.status} ${res.body.slice(0, 300)} for ${describeRequest(r)}`);
            if (r.foreignOrigin && r.method !== 'GET' && res.status < 400) throw new Error(`a cross-site ${describeRequest(r)} got ${res.status}`);
            // Node's HTTP parser refuses an over-long URL (431) before the console sees it: no body.
            if (res.status === 431 && res.body === '') return;
            if (res.status >= 400) {
              const error = res.contentType.includes('json') ? (JSON.parse(res.body) as { error?: unknown }).error : undefined;
              if (typeof error !== 'string' || error.length === 0)
                throw new Error(`${res.status} without a plain error (${res.body.slice(0, 200)}) for ${describeRequest(r)}`);
            } else if (route.response && !r.emptyParam && res.contentType.includes('json')) {
              const parsed = route.response.safeParse(JSON.parse(res.body));
              if (!parsed.success)
                throw new Error(`${res.status} answer does not match its schema (${parsed.error.message.slice(0, 300)}) for ${describeRequest(r)}`);
            }
            // Fuzzed sign-out or password change ends the session: sign in again and go on.
            if (res.status === 401 && !route.path.startsWith('/agent/') && route.path !== '/api/auth/login') {
              relogins++;
              cookie = await signInAgain(t);
            }
          }),
          { numRuns: runs, seed: FUZZ_SEED + i, endOnFailure: true },
        );
        perRoute.push([keyOf(route), runs, performance.now() - routeStarted]);
      }
      const slowest = perRoute
        .sort((a, b) => b[2] / b[1] - a[2] / a[1])
        .slice(0, 5)
        .map(([k, n, ms]) => `${k} ${(ms / n).toFixed(1)} ms`)
        .join(', ');
      const byStatus = [...statuses.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([s, n]) => `${s}×${n}`)
        .join(' ');
      report(
        'REST API',
        count,
        started,
        `${routes.length} routes; statuses ${byStatus}; ${relogins} sign-ins again after a fuzzed sign-out; slowest per case: ${slowest}`,
      );
      expect(count).toBeGreaterThanOrEqual(REST_CASES * 0.9);
    },
    fuzzTimeout(240_000),
  );

  it('still reads everything it stored (every read route 200) and still acks a new device', async () => {
    cookie = await signInAgain(t);
    // (Downloads answer 404 on a console that serves no agent builds; they store nothing.)
    for (const r of declaredRoutes().filter((d) => d.method === 'GET' && !d.params && !d.path.startsWith('/downloads/'))) {
      const res = await t.app.inject({ method: 'GET', url: r.path, headers: { cookie } });
      // The provider overview is for providers; this console's IT lead is not one (403, as before the fuzzing).
      if (r.path === '/api/provider/overview') {
        expect(res.statusCode, `${r.path}: ${res.body.slice(0, 300)}`).toBe(403);
        continue;
      }
      expect(res.statusCode, `${r.path}: ${res.body.slice(0, 300)}`).toBe(200);
      if (r.response) expect(r.response.safeParse(res.json()).success, r.path).toBe(true);
    }
    const health = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);

    const token = await createToken(t.app, cookie);
    const enrolled = await t.app.inject({
      method: 'POST',
      url: '/agent/enroll',
      payload: { token: tokenOf(token.enrolmentString), hostname: 'after-fuzz', platform: 'linux', agentVersion: '0.1.0' },
    });
    expect(enrolled.statusCode).toBe(200);
    const d = enrolled.json<protocol.EnrollResponse>();
    const a = await TestAgent.connect(t.url, `${d.deviceId}.${d.deviceSecret}`);
    a.send({ type: 'hello', protocolVersion: PROTOCOL_VERSION, agentVersion: '0.1.0', hostname: 'after-fuzz', platform: 'linux' });
    await a.next('hello');
    const good = Report.parse({ type: 'report', reportId: randomUUID(), seq: 1, facts: buildFacts() });
    a.send(good);
    expect(await a.next('ack')).toMatchObject({ reportId: good.reportId });
    a.close();
  });
});
