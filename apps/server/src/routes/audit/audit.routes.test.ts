import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUDIT_ACTION_LABELS, AuditList } from '@safefleet/protocol';
import { buildFacts } from '../../test-support/facts.js';
import { addUser, adminCookie, createTestServer, enrolDevice, ingest, login, PASSWORD, type TestServer } from '../../test-support/harness.js';

describe('GET /api/audit', () => {
  let t: TestServer;
  let admin: string;
  const audit = async (cookie: string, query = '') => {
    const res = await t.app.inject({ url: `/api/audit${query}`, headers: { cookie } });
    expect(res.statusCode, res.body).toBe(200);
    return AuditList.parse(res.json());
  };

  beforeEach(async () => {
    t = await createTestServer();
    admin = await adminCookie(t.app);
  });
  afterEach(() => t.close());

  it('answers newest first, pages back with before, filters by target, and uses the labelled action names', async () => {
    const { deviceId } = await enrolDevice(t.app, admin, 'yw-01');
    ingest(t.app, deviceId, buildFacts());
    const keeper = { name: 'Sam', email: 'sam@example.org', role: 'Youth worker' };
    await t.app.inject({ method: 'PATCH', url: `/api/devices/${deviceId}`, headers: { cookie: admin }, payload: { keeper } });
    await t.app.inject({ method: 'PUT', url: '/api/policy', headers: { cookie: admin }, payload: {} });
    await t.app.inject({ method: 'DELETE', url: `/api/devices/${deviceId}`, headers: { cookie: admin } });

    const all = await audit(admin);
    expect(all.map((e) => e.id)).toEqual([...all.map((e) => e.id)].sort((a, b) => b - a));
    const actions = all.map((e) => e.action);
    for (const a of [
      'auth.login',
      'user.created',
      'enrolment-token.created',
      'device.enrolled',
      'device.keeper-updated',
      'policy.updated',
      'device.revoked',
    ]) {
      expect(actions, a).toContain(a);
    }
    for (const a of actions) expect(AUDIT_ACTION_LABELS[a], a).toBeDefined();
    expect(all.find((e) => e.action === 'device.keeper-updated')?.detail).toMatchObject({ to: keeper });

    const page1 = await audit(admin, '?limit=2');
    expect(page1).toEqual(all.slice(0, 2));
    const page2 = await audit(admin, `?limit=2&before=${page1[1]!.id}`);
    expect(page2).toEqual(all.slice(2, 4));

    const forDevice = await audit(admin, `?target=${deviceId}`);
    expect(forDevice.map((e) => e.action)).toEqual(['device.revoked', 'device.keeper-updated', 'device.enrolled']);
    expect(JSON.stringify(all)).not.toContain(PASSWORD);
  });

  it('is for the admin and the DSL; 400 for a bad query', async () => {
    await addUser(t.app, 'dsl@example.org', 'dsl');
    await addUser(t.app, 'viewer@example.org', 'viewer');
    expect((await audit(await login(t.app, 'dsl@example.org'))).length).toBeGreaterThan(0);
    const viewer = await login(t.app, 'viewer@example.org');
    expect((await t.app.inject({ url: '/api/audit', headers: { cookie: viewer } })).statusCode).toBe(403);
    for (const q of ['?limit=0', '?limit=501', '?before=-1', '?limit=x']) {
      expect((await t.app.inject({ url: `/api/audit${q}`, headers: { cookie: admin } })).statusCode, q).toBe(400);
    }
  });
});
