// Acceptance (issue 9): each refusal of a device or an enrolment string is proved, with its audit row.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLOSE_CODES, PROTOCOL_VERSION, type EnrolmentTokenSummary, type EnrollResponse } from '@safefleet/protocol';
import { TestAgent } from '../../test-support/agent-client.js';
import { buildFacts } from '../../test-support/facts.js';
import { addUser, adminCookie, createTestServer, createToken, ingest, login, tokenOf, type TestServer } from '../../test-support/harness.js';

const hello = { type: 'hello', protocolVersion: PROTOCOL_VERSION, agentVersion: '0.1.0', hostname: 'yw-laptop-01', platform: 'linux' };

describe('refusals, each with an audit row', () => {
  let t: TestServer;
  let cookie: string;
  let now: Date;
  const agents: TestAgent[] = [];
  beforeEach(async () => {
    now = new Date();
    t = await createTestServer({ listen: true, now: () => now });
    cookie = await adminCookie(t.app);
  });
  afterEach(async () => {
    for (const a of agents.splice(0)) a.ws.terminate();
    await t.close();
  });
  const audit = (action: string) =>
    t.database.sqlite.prepare('select actor, target, detail_json as detail from audit_log where action = ? order by id').all(action) as Array<{
      actor: string;
      target: string | null;
      detail: string;
    }>;
  const enroll = (token: string, hardwareId = 'a1b2', hostname = 'yw-laptop-01') =>
    t.app.inject({ method: 'POST', url: '/agent/enroll', payload: { token, hostname, platform: 'linux', agentVersion: '0.1.0', hardwareId } });
  const connect = async (d: EnrollResponse) => {
    const a = await TestAgent.connect(t.url, `${d.deviceId}.${d.deviceSecret}`);
    agents.push(a);
    return a;
  };

  it('an unenrolled device: HTTP 401 before the upgrade, audited', async () => {
    await expect(TestAgent.connect(t.url, 'not-a-device.secret')).rejects.toThrow('HTTP 401');
    await expect(TestAgent.connect(t.url, null)).rejects.toThrow('HTTP 401');
    expect(audit('agent.refused').map((r) => JSON.parse(r.detail).reason)).toEqual([
      'device credentials are not right',
      'missing or malformed device credentials',
    ]);
  });

  it('a revoked device: its live connection is closed at once and it cannot come back; audited', async () => {
    const d = (await enroll(tokenOf((await createToken(t.app, cookie)).enrolmentString))).json<EnrollResponse>();
    const a = await connect(d);
    a.send(hello);
    await a.next('hello');
    const res = await t.app.inject({ method: 'DELETE', url: `/api/devices/${d.deviceId}`, headers: { cookie } });
    expect(res.statusCode).toBe(200);
    expect(await a.closed).toEqual({ code: CLOSE_CODES.revoked, reason: 'device revoked' });
    const again = await connect(d);
    expect((await again.closed).code).toBe(CLOSE_CODES.revoked);
    expect(audit('device.revoked')).toEqual([expect.objectContaining({ target: d.deviceId })]);
    expect(audit('agent.refused')).toEqual([expect.objectContaining({ target: d.deviceId, detail: JSON.stringify({ reason: 'device revoked' }) })]);
  });

  it('expired, used-up and revoked enrolment strings enrol nothing; the console lists their state; audited', async () => {
    const once = await createToken(t.app, cookie, { uses: 1, expiresInHours: 1 });
    const expiring = await createToken(t.app, cookie, { uses: 5, expiresInHours: 1 });
    const revoked = await createToken(t.app, cookie, { uses: 5 });
    expect((await enroll(tokenOf(once.enrolmentString))).statusCode).toBe(200);
    const used = await enroll(tokenOf(once.enrolmentString), 'other-machine');
    expect([used.statusCode, used.json().error]).toEqual([401, 'This enrolment string has already been used — create a new one in the console']);

    const del = await t.app.inject({ method: 'DELETE', url: `/api/enrolment-tokens/${revoked.id}`, headers: { cookie } });
    expect(del.json()).toMatchObject({ id: revoked.id, state: 'revoked', usesLeft: 5 });
    const r = await enroll(tokenOf(revoked.enrolmentString), 'third-machine');
    expect([r.statusCode, r.json().error]).toEqual([401, 'This enrolment string was revoked in the console — create a new one there']);

    now = new Date(now.getTime() + 2 * 3_600_000);
    cookie = await login(t.app, 'it-lead@example.org');
    const e = await enroll(tokenOf(expiring.enrolmentString), 'fourth-machine');
    expect([e.statusCode, e.json().error]).toEqual([401, 'This enrolment string has expired — create a new one in the console']);

    const list = (await t.app.inject({ url: '/api/enrolment-tokens', headers: { cookie } })).json<EnrolmentTokenSummary[]>();
    expect(list.map((x) => [x.id, x.state, x.usesLeft])).toEqual([
      [revoked.id, 'revoked', 5],
      [expiring.id, 'expired', 5],
      [once.id, 'expired', 0],
    ]);
    expect(audit('enrolment.refused').map((x) => JSON.parse(x.detail).reason)).toEqual([
      expect.stringContaining('already been used'),
      expect.stringContaining('revoked'),
      expect.stringContaining('expired'),
    ]);
    expect(audit('enrolment-token.revoked')).toEqual([expect.objectContaining({ actor: 'user:it-lead@example.org', target: String(revoked.id) })]);
    // Enrolment strings are the IT lead's: a viewer's attempt is refused and audited.
    await addUser(t.app, 'viewer@example.org', 'viewer');
    const viewer = await login(t.app, 'viewer@example.org');
    expect((await t.app.inject({ url: '/api/enrolment-tokens', headers: { cookie: viewer } })).statusCode).toBe(403);
    expect(audit('access.refused')).toEqual([expect.objectContaining({ actor: 'user:viewer@example.org', target: '/api/enrolment-tokens' })]);
  });

  it('enrolling the same machine again replaces its device: same id, one row, history kept, old credentials refused', async () => {
    const token = tokenOf((await createToken(t.app, cookie, { uses: 2 })).enrolmentString);
    const first = (await enroll(token, 'a1b2', 'old-name')).json<EnrollResponse>();
    ingest(t.app, first.deviceId, buildFacts());
    const live = await connect(first);
    const second = (await enroll(token, 'a1b2', 'new-name')).json<EnrollResponse>();
    expect(second.deviceId).toBe(first.deviceId);
    expect(second.deviceSecret).not.toBe(first.deviceSecret);
    expect((await live.closed).code).toBe(CLOSE_CODES.replaced);
    await expect(TestAgent.connect(t.url, `${first.deviceId}.${first.deviceSecret}`)).rejects.toThrow('HTTP 401');
    await connect(second);
    const devices = (await t.app.inject({ url: '/api/devices', headers: { cookie } })).json<
      Array<{ id: string; hostname: string; status: string }>
    >();
    expect(devices).toEqual([expect.objectContaining({ id: first.deviceId, hostname: 'new-name', status: 'compliant' })]);
    expect(audit('device.re-enrolled')).toEqual([expect.objectContaining({ target: first.deviceId })]);
  });
});
