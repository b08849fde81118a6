import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KeeperRole, KeeperRoleList } from '@safefleet/protocol';
import { addUser, adminCookie, createTestServer, enrolDevice, login, type TestServer } from '../../test-support/harness.js';

describe('keeper roles', () => {
  let t: TestServer;
  let admin: string;
  const send = (cookie: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

  beforeEach(async () => {
    t = await createTestServer();
    admin = await adminCookie(t.app);
  });
  afterEach(() => t.close());

  it('adds, lists by name with device counts, changes and removes a role, auditing each', async () => {
    const created = await send(admin, 'POST', '/api/roles', {
      name: '  Social media officer ',
      description: 'Runs our accounts',
      allowedAppIds: ['facebook', 'instagram', 'facebook'],
    });
    expect(created.statusCode).toBe(201);
    const role = KeeperRole.parse(created.json());
    expect(role).toMatchObject({ name: 'Social media officer', allowedAppIds: ['facebook', 'instagram'], deviceCount: 0 });
    expect(KeeperRole.parse((await send(admin, 'POST', '/api/roles', { name: 'Youth worker' })).json())).toMatchObject({
      description: '',
      allowedAppIds: [],
    });

    // Two devices whose keepers have the role (case and spaces do not matter), one revoked device.
    const [a, b, c] = [await enrolDevice(t.app, admin, 'a'), await enrolDevice(t.app, admin, 'b'), await enrolDevice(t.app, admin, 'c')];
    for (const [d, r] of [
      [a, 'social media officer'],
      [b, ' Social Media Officer'],
      [c, 'Social media officer'],
    ] as const) {
      await send(admin, 'PATCH', `/api/devices/${d.deviceId}`, { keeper: { name: 'K', email: '', role: r } });
    }
    await send(admin, 'DELETE', `/api/devices/${c.deviceId}`);

    const list = KeeperRoleList.parse((await send(admin, 'GET', '/api/roles')).json());
    expect(list.map((r) => [r.name, r.deviceCount])).toEqual([
      ['Social media officer', 2],
      ['Youth worker', 0],
    ]);

    const patched = await send(admin, 'PATCH', `/api/roles/${role.id}`, { description: 'Posts for the charity', allowedAppIds: ['x-twitter'] });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ name: 'Social media officer', description: 'Posts for the charity', allowedAppIds: ['x-twitter'] });

    expect((await send(admin, 'DELETE', `/api/roles/${role.id}`)).json()).toEqual({ ok: true });
    expect((await send(admin, 'DELETE', `/api/roles/${role.id}`)).statusCode).toBe(404);
    expect((await send(admin, 'PATCH', `/api/roles/${role.id}`, { description: 'x' })).statusCode).toBe(404);
    const actions = t.database.sqlite.prepare("select action from audit_log where action like 'role.%' order by id").all();
    expect(actions.map((r) => (r as { action: string }).action)).toEqual(['role.created', 'role.created', 'role.updated', 'role.deleted']);
  });

  it('409 for a name that differs only by case or spaces; 400 naming an app not in the catalogue', async () => {
    await send(admin, 'POST', '/api/roles', { name: 'Youth worker' });
    const dup = await send(admin, 'POST', '/api/roles', { name: ' YOUTH WORKER ' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error).toContain('Youth worker');
    const bad = await send(admin, 'POST', '/api/roles', { name: 'Comms', allowedAppIds: ['whatsapp', 'myspace'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toContain('"myspace"');
    const list = KeeperRoleList.parse((await send(admin, 'GET', '/api/roles')).json());
    const id = list[0]!.id;
    expect((await send(admin, 'PATCH', `/api/roles/${id}`, { allowedAppIds: ['nope'] })).statusCode).toBe(400);
    expect((await send(admin, 'POST', '/api/roles', { name: '' })).statusCode).toBe(400);
  });

  it('refuses to remove a role while an active exception targets it', async () => {
    const role = KeeperRole.parse((await send(admin, 'POST', '/api/roles', { name: 'Youth worker' })).json());
    const exc = await send(admin, 'POST', '/api/exceptions', {
      appIds: ['whatsapp'],
      scope: { kind: 'role', role: 'youth worker' },
      riskAssessment: 'Parents reach youth workers on trips; reviewed monthly by the DSL.',
      approvedBy: 'Sam Patel, DSL',
    });
    expect(exc.statusCode).toBe(201);
    const refused = await send(admin, 'DELETE', `/api/roles/${role.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatch(/Revoke its exceptions first/);
    await send(admin, 'DELETE', `/api/exceptions/${exc.json().id}`);
    expect((await send(admin, 'DELETE', `/api/roles/${role.id}`)).statusCode).toBe(200);
  });

  it('lets every role read; only the admin writes', async () => {
    const role = KeeperRole.parse((await send(admin, 'POST', '/api/roles', { name: 'Youth worker' })).json());
    await addUser(t.app, 'dsl@example.org', 'dsl');
    await addUser(t.app, 'viewer@example.org', 'viewer');
    for (const email of ['dsl@example.org', 'viewer@example.org']) {
      const cookie = await login(t.app, email);
      expect((await send(cookie, 'GET', '/api/roles')).statusCode).toBe(200);
      expect((await send(cookie, 'POST', '/api/roles', { name: 'Other' })).statusCode, email).toBe(403);
      expect((await send(cookie, 'PATCH', `/api/roles/${role.id}`, { description: 'x' })).statusCode).toBe(403);
      expect((await send(cookie, 'DELETE', `/api/roles/${role.id}`)).statusCode).toBe(403);
    }
  });
});
