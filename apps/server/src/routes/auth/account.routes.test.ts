import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FirstRunResponse, MeResponse } from '@safefleet/protocol';
import { addUser, createTestServer, login, PASSWORD, type TestServer } from '../../test-support/harness.js';

const NEW_PASSWORD = 'another long password';

describe('first run, me and changing one’s own password', () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await createTestServer();
  });
  afterEach(() => t.close());

  it('says first run while admin@localhost is the only user, without a session for /first-run', async () => {
    const first = await t.app.services.users.ensureFirstAdmin(PASSWORD);
    expect(first.created).toBe(true);
    expect(FirstRunResponse.parse((await t.app.inject({ url: '/api/auth/first-run' })).json())).toEqual({ firstRun: true });
    const cookie = await login(t.app, 'admin@localhost');
    const me = MeResponse.parse((await t.app.inject({ url: '/api/auth/me', headers: { cookie } })).json());
    // The one organisation of a single-charity console is named too (the web shows no switcher for one).
    expect(me).toEqual({
      user: { id: expect.any(Number), email: 'admin@localhost', role: 'admin' },
      firstRun: true,
      organisation: { id: 1, name: 'My organisation' },
      organisations: [{ id: 1, name: 'My organisation', role: 'admin' }],
    });

    await addUser(t.app, 'it-lead@example.org', 'admin');
    expect((await t.app.inject({ url: '/api/auth/first-run' })).json()).toEqual({ firstRun: false });
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie } })).json().firstRun).toBe(false);
  });

  it('is not first run when the only user is someone else', async () => {
    await addUser(t.app, 'it-lead@example.org', 'admin');
    expect((await t.app.inject({ url: '/api/auth/first-run' })).json()).toEqual({ firstRun: false });
  });

  it('changes the password: 400 when the current one is wrong; other sessions end, this one stays', async () => {
    await addUser(t.app, 'viewer@example.org', 'viewer');
    const here = await login(t.app, 'viewer@example.org');
    const elsewhere = await login(t.app, 'viewer@example.org');
    const change = (cookie: string, payload: object) => t.app.inject({ method: 'POST', url: '/api/auth/password', headers: { cookie }, payload });

    const wrong = await change(here, { currentPassword: 'not it at all', newPassword: NEW_PASSWORD });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toEqual({ error: 'Your current password is not right' });
    expect((await change(here, { currentPassword: PASSWORD, newPassword: 'short' })).statusCode).toBe(400);

    const ok = await change(here, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    expect(ok.statusCode).toBe(200); // a viewer may change their own password
    expect(ok.json()).toEqual({ ok: true });
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie: here } })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie: elsewhere } })).statusCode).toBe(401);
    await expect(login(t.app, 'viewer@example.org')).rejects.toThrow(/401/);
    await login(t.app, 'viewer@example.org', NEW_PASSWORD);

    const rows = t.database.sqlite.prepare("select actor, target, detail_json as d from audit_log where action = 'auth.password-changed'").all();
    expect(rows).toEqual([{ actor: 'user:viewer@example.org', target: 'viewer@example.org', d: JSON.stringify({ otherSessionsEnded: 1 }) }]);
    expect(JSON.stringify(rows)).not.toContain(NEW_PASSWORD);
  });

  it('needs a session to change a password', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/password', payload: { currentPassword: 'x', newPassword: NEW_PASSWORD } });
    expect(res.statusCode).toBe(401);
  });
});
