import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConsoleUser, OkResponse } from '@safefleet/protocol';
import { addUser, createTestServer, login, PASSWORD, type TestServer } from '../../test-support/harness.js';

const NEW_PASSWORD = 'a brand new password';

describe('console users (admin)', () => {
  let t: TestServer;
  let admin: string;
  const send = (cookie: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
  const idOf = async (email: string) =>
    ConsoleUser.array()
      .parse((await send(admin, 'GET', '/api/users')).json())
      .find((u) => u.email === email)!.id;

  beforeEach(async () => {
    t = await createTestServer();
    await addUser(t.app, 'it-lead@example.org', 'admin');
    await addUser(t.app, 'dsl@example.org', 'dsl');
    await addUser(t.app, 'viewer@example.org', 'viewer');
    admin = await login(t.app, 'it-lead@example.org');
  });
  afterEach(() => t.close());

  it('lists users by email with their last sign-in', async () => {
    const res = await send(admin, 'GET', '/api/users');
    expect(res.statusCode).toBe(200);
    const users = ConsoleUser.array().parse(res.json());
    expect(users.map((u) => u.email)).toEqual(['dsl@example.org', 'it-lead@example.org', 'viewer@example.org']);
    expect(users.find((u) => u.email === 'it-lead@example.org')?.lastSignInAt).toEqual(expect.any(String));
    expect(users.find((u) => u.email === 'dsl@example.org')?.lastSignInAt).toBeNull();
  });

  it('adds a user (email trimmed and lower-cased), 409 for a duplicate, 400 for a short password', async () => {
    const res = await send(admin, 'POST', '/api/users', { email: '  New.Person@Example.org ', role: 'dsl', password: PASSWORD });
    expect(res.statusCode).toBe(201);
    expect(ConsoleUser.parse(res.json())).toMatchObject({ email: 'new.person@example.org', role: 'dsl', lastSignInAt: null });
    const again = await send(admin, 'POST', '/api/users', { email: 'new.person@example.org', role: 'viewer', password: PASSWORD });
    expect(again.statusCode).toBe(409);
    expect((await send(admin, 'POST', '/api/users', { email: 'x@example.org', role: 'viewer', password: 'short' })).statusCode).toBe(400);
    expect((await send(admin, 'POST', '/api/users', { email: 'not-an-email', role: 'viewer', password: PASSWORD })).statusCode).toBe(400);
    await login(t.app, 'new.person@example.org');
    const audit = t.database.sqlite
      .prepare("select detail_json as d from audit_log where action = 'user.created' and target = ?")
      .get('new.person@example.org') as { d: string };
    expect(audit.d).not.toContain(PASSWORD);
  });

  it('changes a role (applies at the next request) and resets a password (ends their sessions)', async () => {
    const viewer = await login(t.app, 'viewer@example.org');
    const id = await idOf('viewer@example.org');
    const res = await send(admin, 'PATCH', `/api/users/${id}`, { role: 'dsl' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ role: 'dsl' });
    expect((await send(viewer, 'GET', '/api/audit')).statusCode).toBe(200); // now a DSL

    expect((await send(admin, 'PATCH', `/api/users/${id}`, { password: NEW_PASSWORD })).statusCode).toBe(200);
    expect((await send(viewer, 'GET', '/api/devices')).statusCode).toBe(401);
    await login(t.app, 'viewer@example.org', NEW_PASSWORD);
    expect((await send(admin, 'PATCH', `/api/users/${id}`, {})).statusCode).toBe(400);
    expect((await send(admin, 'PATCH', '/api/users/9999', { role: 'viewer' })).statusCode).toBe(404);
    expect((await send(admin, 'PATCH', '/api/users/abc', { role: 'viewer' })).statusCode).toBe(404);
    const rows = t.database.sqlite.prepare("select detail_json as d from audit_log where action = 'user.updated' order by id").all() as Array<{
      d: string;
    }>;
    expect(rows.map((r) => JSON.parse(r.d))).toEqual([
      { from: 'viewer', to: 'dsl', passwordReset: false },
      { from: 'dsl', to: 'dsl', passwordReset: true },
    ]);
  });

  it('never leaves the console without an admin, and an admin cannot remove themselves', async () => {
    const me = await idOf('it-lead@example.org');
    const demote = await send(admin, 'PATCH', `/api/users/${me}`, { role: 'viewer' });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().error).toMatch(/at least one IT lead/);
    expect((await send(admin, 'DELETE', `/api/users/${me}`)).statusCode).toBe(400);

    await addUser(t.app, 'second@example.org', 'admin');
    const second = await login(t.app, 'second@example.org');
    expect((await send(second, 'DELETE', `/api/users/${me}`)).statusCode).toBe(200);
    expect((await send(admin, 'GET', '/api/devices')).statusCode).toBe(401); // their sessions ended
    const left = ConsoleUser.array().parse((await send(second, 'GET', '/api/users')).json());
    expect(left.map((u) => u.email)).not.toContain('it-lead@example.org');
    const secondId = left.find((u) => u.email === 'second@example.org')!.id;
    expect((await send(second, 'PATCH', `/api/users/${secondId}`, { role: 'dsl' })).statusCode).toBe(409);
  });

  it('removes a user and ends their sessions; 404 for an unknown id', async () => {
    const dsl = await login(t.app, 'dsl@example.org');
    const id = await idOf('dsl@example.org');
    const res = await send(admin, 'DELETE', `/api/users/${id}`);
    expect(res.statusCode).toBe(200);
    expect(OkResponse.parse(res.json())).toEqual({ ok: true });
    expect((await send(dsl, 'GET', '/api/devices')).statusCode).toBe(401);
    expect((await send(admin, 'DELETE', `/api/users/${id}`)).statusCode).toBe(404);
    const audit = t.database.sqlite.prepare("select target from audit_log where action = 'user.deleted'").all();
    expect(audit).toEqual([{ target: 'dsl@example.org' }]);
  });

  it('is for admins only: DSL and viewer get 403 on every users route', async () => {
    const id = await idOf('viewer@example.org');
    for (const email of ['dsl@example.org', 'viewer@example.org']) {
      const cookie = await login(t.app, email);
      expect((await send(cookie, 'GET', '/api/users')).statusCode, email).toBe(403);
      expect((await send(cookie, 'POST', '/api/users', { email: 'y@example.org', role: 'admin', password: PASSWORD })).statusCode).toBe(403);
      expect((await send(cookie, 'PATCH', `/api/users/${id}`, { role: 'admin' })).statusCode).toBe(403);
      expect((await send(cookie, 'DELETE', `/api/users/${id}`)).statusCode).toBe(403);
    }
  });
});
