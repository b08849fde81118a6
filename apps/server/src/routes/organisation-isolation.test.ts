// Acceptance 1 of issue 13, generated from the protocol's route table: two organisations A and B
// with one of every object each; for every route with an object in its path, A's user asking for
// B's object gets 404 (and B's object is unchanged); every list and export of A never contains B's
// objects; a /ws/console socket of A never receives B's events. A route the protocol declares that
// this file does not classify fails the test (real SQLite, real sockets).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as protocol from '@safefleet/protocol';
import { Report, type Alert, type EnrolmentToken, type RouteDef } from '@safefleet/protocol';
import { z } from 'zod';
import { consoleWide } from '../db/repositories/index.js';
import { createAlertsTestServer } from '../test-support/alerts-harness.js';
import { ConsoleClient } from '../test-support/console-client.js';
import { buildFacts } from '../test-support/facts.js';
import { adminCookie, login, PASSWORD, tokenOf, type TestServer } from '../test-support/harness.js';

/** Every route the protocol declares (each `…Api` object), keyed "METHOD /path". */
function declaredRoutes(): Map<string, RouteDef> {
  const isRoute = (v: unknown): v is RouteDef =>
    typeof v === 'object' && v !== null && typeof (v as RouteDef).path === 'string' && typeof (v as RouteDef).method === 'string';
  const out = new Map<string, RouteDef>();
  for (const [name, group] of Object.entries(protocol)) {
    if (!name.endsWith('Api') || typeof group !== 'object' || group === null) continue;
    for (const r of Object.values(group as Record<string, unknown>).filter(isRoute)) out.set(`${r.method} ${r.path}`, r);
  }
  return out;
}

/** One organisation's objects (ids) and the words that would show one of them in an answer. */
interface Fixture {
  cookie: string;
  deviceId: string;
  alertId: string;
  concernId: number;
  exceptionId: string;
  roleId: number;
  tokenId: number;
  recipientId: number;
  deliveryId: number;
  userId: number;
  markers: string[];
}

/**
 * Routes with an object in their path: the B object put in it, and a valid body (so the request
 * reaches the handler: the 404 is about the organisation, not a refused body).
 */
const OBJECT_ROUTES: Record<string, { params: (b: Fixture) => Record<string, string | number>; body?: unknown }> = {
  'GET /api/alerts/:id': { params: (b) => ({ id: b.alertId }) },
  'GET /api/concerns/:id': { params: (b) => ({ id: b.concernId }) },
  'GET /api/concerns/:id/print': { params: (b) => ({ id: b.concernId }) },
  'POST /api/concerns/:id/assess': { params: (b) => ({ id: b.concernId }), body: { assessment: 'Looked into it with the keeper.' } },
  'POST /api/concerns/:id/action': {
    params: (b) => ({ id: b.concernId }),
    body: { actionsTaken: 'Spoke with the keeper.', referral: { made: false, to: null, reference: null, at: null } },
  },
  'POST /api/concerns/:id/close': { params: (b) => ({ id: b.concernId }), body: { note: 'Closed.' } },
  'POST /api/concerns/:id/notes': { params: (b) => ({ id: b.concernId }), body: { note: 'A note.' } },
  'GET /api/devices/:id': { params: (b) => ({ id: b.deviceId }) },
  'PATCH /api/devices/:id': { params: (b) => ({ id: b.deviceId }), body: { keeper: { name: 'Someone Else', email: '', role: '' } } },
  'POST /api/devices/:id/collect': { params: (b) => ({ id: b.deviceId }) },
  'DELETE /api/devices/:id': { params: (b) => ({ id: b.deviceId }) },
  'GET /api/devices/:id/export': { params: (b) => ({ id: b.deviceId }) },
  'POST /api/devices/:id/erase': { params: (b) => ({ id: b.deviceId }) },
  'POST /api/devices/:id/rotate-credential': { params: (b) => ({ id: b.deviceId }) },
  'DELETE /api/enrolment-tokens/:id': { params: (b) => ({ id: b.tokenId }) },
  'DELETE /api/exceptions/:id': { params: (b) => ({ id: b.exceptionId }) },
  'DELETE /api/notifications/recipients/:id': { params: (b) => ({ id: b.recipientId }) },
  'POST /api/notifications/deliveries/:id/retry': { params: (b) => ({ id: b.deliveryId }) },
  'GET /api/password-prompts/:deviceId': { params: (b) => ({ deviceId: b.deviceId }) },
  'PATCH /api/roles/:id': { params: (b) => ({ id: b.roleId }), body: { description: 'Changed from elsewhere' } },
  'DELETE /api/roles/:id': { params: (b) => ({ id: b.roleId }) },
  'POST /api/tablets/:id/checkin-link': { params: (b) => ({ id: b.deviceId }) },
  'PATCH /api/users/:id': { params: (b) => ({ id: b.userId }), body: { role: 'viewer' } },
  'POST /api/users/:id/totp/reset': { params: (b) => ({ id: b.userId }) },
  'DELETE /api/users/:id': { params: (b) => ({ id: b.userId }) },
};

/** Routes with a path parameter that is not an organisation's object, each with the reason. */
const NOT_AN_OBJECT: Record<string, string> = {
  'GET /checkin/:token': 'a keeper check-in link: the token is the credential (no session), it finds its own organisation',
  'GET /checkin/:token/state': 'a keeper check-in link: the token is the credential (no session), it finds its own organisation',
  'POST /checkin/:token': 'a keeper check-in link: the token is the credential (no session), it finds its own organisation',
  'GET /downloads/agent/:file': 'agent program files, the same for every organisation',
  'PUT /api/tablets/connectors/:provider': 'a provider name (google, intune): it always names the caller’s organisation’s own connector',
  'POST /api/tablets/connectors/:provider/sync': 'a provider name (google, intune): it always names the caller’s organisation’s own connector',
};

/** Writes with no object in their path: they act on the caller's organisation (tested by the lists below staying apart). */
const WRITES_WITHOUT_OBJECT = new Set([
  'PUT /api/agent-release/hold',
  'POST /api/auth/login',
  'POST /api/auth/logout',
  'POST /api/auth/password',
  'POST /api/auth/login/totp',
  'POST /api/auth/totp/setup',
  'POST /api/auth/totp/confirm',
  'POST /api/auth/totp/disable',
  'POST /api/concerns',
  'POST /api/enrolment-tokens',
  'POST /agent/enroll',
  'POST /api/exceptions',
  'PUT /api/notifications/settings',
  'POST /api/notifications/recipients',
  'POST /api/notifications/test',
  'PUT /api/organisation',
  'POST /api/organisation/bank-holidays',
  'POST /api/organisation/security-reviews',
  'POST /api/auth/organisation',
  'POST /api/organisations',
  'POST /api/password-prompts/run',
  'PUT /api/policy',
  'POST /api/roles',
  'POST /api/tablets/import-csv',
  'POST /api/tablets',
  'POST /api/users',
]);

/** The ids a body or query names: one organisation's objects, or ids that exist nowhere. */
interface Named {
  deviceId: string;
  alertId: string;
  concernId: number;
  organisationId: number;
}

/**
 * A body or query field that would name an organisation's object (an id). Which routes carry one
 * is read from the protocol's schemas below, so a new route naming an object id fails the
 * classification until it is covered here or given a reason.
 */
const OBJECT_FIELD = /(^id$|Id$|^ids$|Ids$|^target$)/;

/** Fields of that shape that name no organisation's object, keyed "METHOD /path part field", with the reason. */
const NOT_OBJECT_FIELDS: Record<string, string> = {
  'POST /agent/enroll body hardwareId': 'the enrolling machine’s own hardware id; the enrolment token decides the organisation',
  'POST /api/exceptions body appIds': 'catalogue entry ids, the same for every organisation',
  'PUT /api/policy body id': 'the id of an approved channel inside the policy document (catalogue-like, not a stored object)',
  'PUT /api/policy body approvedChannels.appIds': 'catalogue entry ids, the same for every organisation',
  'POST /api/roles body allowedAppIds': 'catalogue entry ids, the same for every organisation',
  'PATCH /api/roles/:id body allowedAppIds': 'catalogue entry ids, the same for every organisation',
};

/**
 * Writes whose body names objects: B's objects answer 404 with the same words as an id that
 * exists nowhere, and nothing is stored (the rows of `tables` are counted before and after).
 */
const BODY_OBJECT_ROUTES: Record<string, { fields: string[]; tables: string[]; body: (n: Named) => unknown }> = {
  'POST /api/concerns/triage': {
    fields: ['ids'],
    tables: ['concern_events', 'policy_exceptions', 'audit_log'],
    body: (n) => ({ ids: [n.concernId], outcome: 'not-concern', reason: 'Checked.' }),
  },
  'POST /api/concerns': {
    fields: ['deviceId'],
    tables: ['concerns', 'concern_events', 'audit_log'],
    body: (n) => ({ summary: 'A worry raised by hand about this laptop.', deviceId: n.deviceId }),
  },
  'POST /api/exceptions': {
    fields: ['scope.deviceId'],
    tables: ['policy_exceptions', 'audit_log'],
    body: (n) => ({
      appIds: ['whatsapp'],
      scope: { kind: 'device', deviceId: n.deviceId },
      riskAssessment: 'Risk assessed: needed to reach young carers out of hours, reviewed monthly.',
      approvedBy: 'Someone, DSL',
    }),
  },
  'POST /api/auth/organisation': {
    fields: ['organisationId'],
    tables: ['organisation_memberships', 'audit_log'],
    body: (n) => ({ organisationId: n.organisationId }),
  },
};

/**
 * Reads whose query names an object (a filter): B's object answers exactly what an id that exists
 * nowhere answers (nothing), so a filter is no oracle for another organisation's ids.
 */
const QUERY_OBJECT_ROUTES: Record<string, { fields: string[]; query: (n: Named) => Record<string, string> }> = {
  'GET /api/alerts': { fields: ['deviceId'], query: (n) => ({ deviceId: n.deviceId }) },
  'GET /api/alerts/page': { fields: ['deviceId'], query: (n) => ({ deviceId: n.deviceId }) },
  'GET /api/concerns': { fields: ['deviceId'], query: (n) => ({ deviceId: n.deviceId }) },
  'GET /api/concerns.csv': { fields: ['deviceId'], query: (n) => ({ deviceId: n.deviceId }) },
  'GET /api/notifications/deliveries': { fields: ['alertId'], query: (n) => ({ alertId: n.alertId }) },
  'GET /api/audit': { fields: ['target'], query: (n) => ({ target: n.deviceId }) },
  'GET /api/audit/export.csv': { fields: ['target'], query: (n) => ({ target: n.deviceId }) },
  'GET /api/audit/export.json': { fields: ['target'], query: (n) => ({ target: n.deviceId }) },
};

/** Every field name (dotted through nested objects) of a request part, read from its JSON schema. */
function fieldNames(schema: z.ZodType): string[] {
  const out = new Set<string>();
  const walk = (s: unknown, prefix: string): void => {
    if (!s || typeof s !== 'object') return;
    const o = s as Record<string, unknown>;
    if (o.properties && typeof o.properties === 'object') {
      for (const [k, v] of Object.entries(o.properties as Record<string, unknown>)) {
        out.add(prefix + k);
        walk(v, `${prefix}${k}.`);
      }
    }
    for (const k of ['items', 'anyOf', 'oneOf', 'allOf', 'additionalProperties']) {
      const v = o[k];
      if (Array.isArray(v)) for (const x of v) walk(x, prefix);
      else walk(v, prefix);
    }
  };
  walk(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }), '');
  return [...out];
}

/** "METHOD /path part field" for every body or query field that looks like an object id. */
function objectFields(): string[] {
  const out: string[] = [];
  for (const [key, route] of declaredRoutes()) {
    for (const part of ['query', 'body'] as const) {
      const schema = route[part];
      if (!schema) continue;
      for (const f of fieldNames(schema)) if (OBJECT_FIELD.test(f.split('.').pop()!)) out.push(`${key} ${part} ${f}`);
    }
  }
  return out;
}

const KEEPER_B = { name: 'Bethany Quillfeather', email: 'bethany.q@b-charity.example', role: 'Bravo outreach' };

describe('organisation isolation (acceptance 1 of issue 13), generated from the route table', () => {
  let t: TestServer;
  let orgB: number;
  let a: Fixture;
  let b: Fixture;

  /** One of every object in the organisation the cookie's session acts in. */
  async function populate(cookie: string, org: number, tag: string, keeper: { name: string; email: string; role: string }): Promise<Fixture> {
    const inject = async (method: string, url: string, payload?: unknown) => {
      const res = await t.app.inject({
        method: method as 'GET',
        url,
        headers: { cookie },
        ...(payload !== undefined ? { payload: payload as object } : {}),
      });
      expect(res.statusCode, `${method} ${url}: ${res.body.slice(0, 300)}`).toBeLessThan(300);
      return res.json();
    };
    const role = (await inject('POST', '/api/roles', { name: keeper.role })) as { id: number };
    const token = (await inject('POST', '/api/enrolment-tokens', {})) as EnrolmentToken;
    const second = (await inject('POST', '/api/enrolment-tokens', {})) as EnrolmentToken;
    const enrolled = await t.app.inject({
      method: 'POST',
      url: '/agent/enroll',
      payload: { token: tokenOf(token.enrolmentString), hostname: `${tag}-laptop-7731`, platform: 'linux', agentVersion: '0.1.0' },
    });
    expect(enrolled.statusCode, enrolled.body).toBe(200);
    const deviceId = enrolled.json<{ deviceId: string }>().deviceId;
    await inject('PATCH', `/api/devices/${deviceId}`, { keeper });
    const exception = (await inject('POST', '/api/exceptions', {
      appIds: ['whatsapp'],
      scope: { kind: 'device', deviceId },
      riskAssessment: `Risk assessed for ${tag}: needed to reach young carers out of hours.`,
      approvedBy: `${tag} DSL`,
    })) as { id: string };
    const recipient = (await inject('POST', '/api/notifications/recipients', {
      channel: 'email',
      name: `${tag} trustee`,
      address: `trustee@${tag}.example`,
    })) as { id: number };
    await inject('POST', '/api/notifications/test', { to: `test@${tag}.example` });
    const deliveries = (await inject('GET', '/api/notifications/deliveries')) as Array<{ id: number }>;
    const userEmail = `viewer@${tag}.example`;
    const user = (await inject('POST', '/api/users', { email: userEmail, role: 'viewer', password: PASSWORD })) as { id: number };
    await inject('POST', '/api/organisation/security-reviews', {
      reviewedAt: '2026-11-01',
      reviewedBy: `${tag} reviewer`,
      notes: `${tag} review notes`,
    });
    // A report with a messaging app: findings, an alert and a concern waiting for triage.
    const report = Report.parse({
      type: 'report',
      reportId: randomUUID(),
      seq: 1,
      facts: buildFacts({ apps: { status: 'ok', apps: [{ name: 'Telegram Desktop', id: 'telegram-desktop', source: 'dpkg' }] } }),
    });
    t.app.organisations.for(org).ingest.report(deviceId, report);
    const alerts = (await inject('GET', '/api/alerts?status=open')) as Alert[];
    const alert = alerts.find((x) => x.control === 'social-apps');
    expect(alert?.concernId, `${tag}: the app opened an alert and a concern`).toEqual(expect.any(Number));
    expect(deliveries.length).toBeGreaterThan(0);
    return {
      cookie,
      deviceId,
      alertId: alert!.id,
      concernId: alert!.concernId!,
      exceptionId: exception.id,
      roleId: role.id,
      tokenId: second.id,
      recipientId: recipient.id,
      deliveryId: deliveries[0]!.id,
      userId: user.id,
      markers: [
        deviceId,
        `${tag}-laptop-7731`,
        keeper.name,
        keeper.email,
        keeper.role,
        `Risk assessed for ${tag}`,
        `trustee@${tag}.example`,
        userEmail,
        `${tag} review notes`,
        alert!.id,
      ],
    };
  }

  beforeAll(async () => {
    t = await createAlertsTestServer({ listen: true });
    const adminA = await adminCookie(t.app);
    // Organisation B, its IT lead (a member of B only: their session acts in B).
    const at = new Date().toISOString();
    orgB = consoleWide(t.database.db).organisations.create('Bravo Youth Trust', at).id;
    await t.app.organisations.for(orgB).users.create({ email: 'lead@bravo.example', role: 'admin', password: PASSWORD }, 'test');
    const adminB = await login(t.app, 'lead@bravo.example');
    a = await populate(adminA, 1, 'alpha', { name: 'Aled Marchbanks', email: 'aled.m@alpha.example', role: 'Alpha outreach' });
    b = await populate(adminB, orgB, 'bravo', KEEPER_B);
  }, 60_000);
  afterAll(() => t?.close());

  it('classifies every declared route: a new route fails here until it is covered or given a reason', () => {
    const unclassified = [...declaredRoutes().keys()].filter((key) => {
      const [method, path] = key.split(' ') as [string, string];
      if (OBJECT_ROUTES[key] || NOT_AN_OBJECT[key] || BODY_OBJECT_ROUTES[key] || WRITES_WITHOUT_OBJECT.has(key)) return false;
      // GET routes without a path parameter are lists and exports: walked below.
      return !(method === 'GET' && !path.includes(':'));
    });
    expect(unclassified).toEqual([]);
    // And nothing listed here is stale.
    const declared = declaredRoutes();
    const listed = [...Object.keys(OBJECT_ROUTES), ...Object.keys(NOT_AN_OBJECT), ...Object.keys(BODY_OBJECT_ROUTES), ...WRITES_WITHOUT_OBJECT];
    expect(listed.filter((k) => !declared.has(k))).toEqual([]);
  });

  it('classifies every body and query field that names an object id: a new one fails here until it is covered or given a reason', () => {
    const fields = objectFields();
    // The walk can fail: it does find the fields this file covers.
    expect(fields).toEqual(expect.arrayContaining(['POST /api/exceptions body scope.deviceId', 'GET /api/alerts query deviceId']));
    const covered = new Set<string>(Object.keys(NOT_OBJECT_FIELDS));
    for (const [key, spec] of Object.entries(BODY_OBJECT_ROUTES)) for (const f of spec.fields) covered.add(`${key} body ${f}`);
    for (const [key, spec] of Object.entries(QUERY_OBJECT_ROUTES)) for (const f of spec.fields) covered.add(`${key} query ${f}`);
    expect(fields.filter((f) => !covered.has(f))).toEqual([]);
    expect([...covered].filter((f) => !fields.includes(f))).toEqual([]);
  });

  it('every route with an object in its path: A’s IT lead gets 404 for B’s object, and B’s object is unchanged', async () => {
    const declared = declaredRoutes();
    const answered: string[] = [];
    for (const [key, spec] of Object.entries(OBJECT_ROUTES)) {
      const route = declared.get(key)!;
      if (spec.body !== undefined) expect(route.body?.safeParse(spec.body).success, `${key}: the test's body must be valid`).toBe(true);
      const url = protocol.routePath(route.path, spec.params(b));
      const res = await t.app.inject({
        method: route.method,
        url,
        headers: { cookie: a.cookie },
        ...(spec.body !== undefined ? { payload: spec.body as object } : {}),
      });
      expect(res.statusCode, `${key} as A for B's object: ${res.body.slice(0, 200)}`).toBe(404);
      for (const m of b.markers) expect(res.body, `${key} named B's ${m}`).not.toContain(m);
      answered.push(key);
    }
    expect(answered.length).toBe(Object.keys(OBJECT_ROUTES).length);
    // B's objects are all still there and unchanged, seen by B's IT lead.
    const get = async (url: string) => {
      const res = await t.app.inject({ url, headers: { cookie: b.cookie } });
      expect(res.statusCode, `${url}: ${res.body.slice(0, 200)}`).toBe(200);
      return res.json();
    };
    expect(await get(`/api/devices/${b.deviceId}`)).toMatchObject({ id: b.deviceId, keeper: { name: KEEPER_B.name } });
    expect(await get(`/api/concerns/${b.concernId}`)).toMatchObject({ id: b.concernId, status: 'to-triage' });
    expect(await get(`/api/alerts/${b.alertId}`)).toMatchObject({ id: b.alertId });
    expect(((await get('/api/users')) as Array<{ id: number; role: string }>).find((u) => u.id === b.userId)).toMatchObject({ role: 'viewer' });
    expect(((await get('/api/roles')) as Array<{ id: number; description: string }>).find((r) => r.id === b.roleId)).toMatchObject({
      description: '',
    });
    expect(((await get('/api/exceptions')) as Array<{ id: string; state: string }>).find((e) => e.id === b.exceptionId)).toMatchObject({
      state: 'active',
    });
    expect(((await get('/api/enrolment-tokens')) as Array<{ id: number; state: string }>).find((x) => x.id === b.tokenId)).toMatchObject({
      state: 'active',
    });
    expect(((await get('/api/notifications/recipients')) as Array<{ id: number }>).some((r) => r.id === b.recipientId)).toBe(true);
    // The same routes do reach A's own objects (so the 404 above is the organisation, not the route).
    for (const url of [
      `/api/devices/${a.deviceId}`,
      `/api/alerts/${a.alertId}`,
      `/api/concerns/${a.concernId}`,
      `/api/password-prompts/${a.deviceId}`,
    ]) {
      expect((await t.app.inject({ url, headers: { cookie: a.cookie } })).statusCode, url).toBe(200);
    }
  });

  it('every list and export of A (every GET route without a path parameter) never contains B’s objects', async () => {
    const lists = [...declaredRoutes().values()].filter((r) => r.method === 'GET' && !r.path.includes(':'));
    expect(lists.map((r) => r.path)).toEqual(
      expect.arrayContaining([
        '/api/devices',
        '/api/alerts',
        '/api/concerns.csv',
        '/api/audit/export.csv',
        '/api/audit/export.json',
        '/api/report/pdf',
        '/api/users',
      ]),
    );
    const seenA: string[] = [];
    for (const route of lists) {
      const res = await t.app.inject({ url: route.path, headers: { cookie: a.cookie } });
      expect(res.statusCode, `${route.path}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
      const text = res.body;
      for (const m of b.markers) expect(text, `${route.path} (as A) contains B's ${m}`).not.toContain(m);
      expect(text, route.path).not.toContain('Bravo Youth Trust');
      if (a.markers.some((m) => text.includes(m))) seenA.push(route.path);
    }
    // The walk can fail: A's own lists do name A's objects.
    expect(seenA).toEqual(
      expect.arrayContaining(['/api/devices', '/api/alerts', '/api/concerns.csv', '/api/audit/export.json', '/api/users', '/api/exceptions']),
    );
    // And the JSON export of one device (B's) is out of reach, as its detail is.
    expect((await t.app.inject({ url: `/api/devices/${b.deviceId}/export`, headers: { cookie: a.cookie } })).statusCode).toBe(404);
  });

  it('every write whose body names an object: B’s object answers 404 as an id that exists nowhere does, and nothing is stored', async () => {
    const declared = declaredRoutes();
    const nowhere: Named = { deviceId: randomUUID(), alertId: randomUUID(), concernId: 987_654, organisationId: 987_654 };
    const ofB: Named = { deviceId: b.deviceId, alertId: b.alertId, concernId: b.concernId, organisationId: orgB };
    const ofA: Named = { deviceId: a.deviceId, alertId: a.alertId, concernId: a.concernId, organisationId: 1 };
    const count = (table: string) => (t.database.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    for (const [key, spec] of Object.entries(BODY_OBJECT_ROUTES)) {
      const route = declared.get(key)!;
      const send = (n: Named) => {
        const body = spec.body(n);
        expect(route.body?.safeParse(body).success, `${key}: the test's body must be valid`).toBe(true);
        return t.app.inject({ method: route.method, url: route.path, headers: { cookie: a.cookie }, payload: body as object });
      };
      const before = spec.tables.map(count);
      const forB = await send(ofB);
      const forNowhere = await send(nowhere);
      expect(forB.statusCode, `${key} naming B's object: ${forB.body.slice(0, 200)}`).toBe(404);
      expect(forNowhere.statusCode, `${key} naming nothing: ${forNowhere.body.slice(0, 200)}`).toBe(404);
      // The same words, but for the id asked about (which the caller sent).
      const words = (body: string, n: Named) =>
        body
          .replaceAll(n.deviceId, 'X')
          .replaceAll(n.alertId, 'X')
          .replace(new RegExp(`\\b(${n.concernId}|${n.organisationId})\\b`, 'g'), 'X');
      expect(words(forB.body, ofB), `${key}: B's object and nothing answer alike`).toBe(words(forNowhere.body, nowhere));
      for (const m of b.markers) expect(forB.body, `${key} named B's ${m}`).not.toContain(m);
      expect(spec.tables.map(count), `${key} stored something (${spec.tables.join(', ')})`).toEqual(before);
    }
    // A's session still acts in A, and B's concern is still waiting for triage.
    const me = await t.app.inject({ url: '/api/auth/me', headers: { cookie: a.cookie } });
    expect(me.json()).toMatchObject({ organisation: { id: 1 } });
    const concernB = await t.app.inject({ url: `/api/concerns/${b.concernId}`, headers: { cookie: b.cookie } });
    expect(concernB.json()).toMatchObject({ status: 'to-triage' });
    // The same bodies naming A's own objects are accepted (so the 404 above is the organisation,
    // not a refused body). The triage and the switch are left out: closing A's concern or
    // switching to the organisation the session is already in proves nothing more.
    for (const key of ['POST /api/concerns', 'POST /api/exceptions']) {
      const route = declared.get(key)!;
      const res = await t.app.inject({
        method: route.method,
        url: route.path,
        headers: { cookie: a.cookie },
        payload: BODY_OBJECT_ROUTES[key]!.body(ofA) as object,
      });
      expect(res.statusCode, `${key} naming A's object: ${res.body.slice(0, 200)}`).toBe(201);
    }
  });

  it('every read whose query names an object: B’s object answers exactly what an id that exists nowhere answers', async () => {
    const declared = declaredRoutes();
    const nowhere: Named = { deviceId: randomUUID(), alertId: randomUUID(), concernId: 987_654, organisationId: 987_654 };
    const ofB: Named = { deviceId: b.deviceId, alertId: b.alertId, concernId: b.concernId, organisationId: orgB };
    const ofA: Named = { deviceId: a.deviceId, alertId: a.alertId, concernId: a.concernId, organisationId: 1 };
    // Answers carry the time they were made (exports, pages): compare them without it.
    const timeless = (body: string) => body.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, 'T');
    const nonEmptyForA: string[] = [];
    for (const [key, spec] of Object.entries(QUERY_OBJECT_ROUTES)) {
      const route = declared.get(key)!;
      const get = (n: Named) => {
        const q = spec.query(n);
        expect(route.query?.safeParse(q).success, `${key}: the test's query must be valid`).toBe(true);
        return t.app.inject({ url: `${route.path}?${new URLSearchParams(q)}`, headers: { cookie: a.cookie } });
      };
      const forB = await get(ofB);
      const forNowhere = await get(nowhere);
      expect(forB.statusCode, `${key} naming B's object: ${forB.body.slice(0, 200)}`).toBe(forNowhere.statusCode);
      expect(timeless(forB.body).replaceAll(ofB.deviceId, 'X').replaceAll(ofB.alertId, 'X')).toBe(
        timeless(forNowhere.body).replaceAll(nowhere.deviceId, 'X').replaceAll(nowhere.alertId, 'X'),
      );
      for (const m of b.markers.slice(1)) expect(forB.body, `${key} named B's ${m}`).not.toContain(m);
      const forA = await get(ofA);
      expect(forA.statusCode, key).toBe(200);
      if (a.markers.slice(1).some((m) => forA.body.includes(m)) || forA.body.length > forNowhere.body.length) nonEmptyForA.push(key);
    }
    // The filters do find A's own objects (so "nothing" above is the organisation, not a dead filter).
    expect(nonEmptyForA).toEqual(expect.arrayContaining(['GET /api/alerts', 'GET /api/concerns', 'GET /api/audit']));
  });

  it('a /ws/console socket of A never receives B’s events; B’s socket receives them', async () => {
    const browserA = await ConsoleClient.connect(t.url, a.cookie);
    const browserB = await ConsoleClient.connect(t.url, b.cookie);
    try {
      await browserA.next('hello');
      await browserB.next('hello');
      const report = (seq: number, apps: boolean) =>
        Report.parse({
          type: 'report',
          reportId: randomUUID(),
          seq,
          facts: buildFacts(apps ? { apps: { status: 'ok', apps: [{ name: 'Telegram Desktop', id: 'telegram-desktop', source: 'dpkg' }] } } : {}),
        });
      // B's device: the app goes (alert resolved) and comes back (a new alert): device and alert events in B.
      t.app.organisations.for(orgB).ingest.report(b.deviceId, report(2, false));
      t.app.organisations.for(orgB).ingest.report(b.deviceId, report(3, true));
      await browserB.next('alert-resolved');
      await browserB.next('alert-opened');
      // Then A's device reports: A's browser gets that, and nothing of B before or after it.
      t.app.organisations.for(1).ingest.report(a.deviceId, report(2, false));
      const update = await browserA.next('device-updated');
      expect(update).toMatchObject({ device: { id: a.deviceId } });
      await browserA.next('alert-resolved');
      const seenByA = JSON.stringify(browserA.events);
      for (const m of b.markers) expect(seenByA, `A's live feed carried B's ${m}`).not.toContain(m);
      expect(JSON.stringify(browserB.events)).toContain(b.deviceId);
    } finally {
      browserA.ws.terminate();
      browserB.ws.terminate();
    }
  });
});
