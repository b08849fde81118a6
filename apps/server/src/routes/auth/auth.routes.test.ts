import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '@safefleet/protocol';
import { addUser, createTestServer, login, PASSWORD, type TestServer } from '../../test-support/harness.js';

describe('console auth', () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await createTestServer();
    await addUser(t.app, 'IT-Lead@Example.org', 'admin');
    await addUser(t.app, 'viewer@example.org', 'viewer');
    await addUser(t.app, 'dsl@example.org', 'dsl');
  });
  afterEach(() => t.close());

  it('signs in with the right password and sets an httpOnly SameSite=Lax session cookie', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'it-lead@example.org', password: PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ user: { id: expect.any(Number), email: 'it-lead@example.org', role: 'admin' } });
    const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });

    const me = await t.app.inject({ url: '/api/auth/me', headers: { cookie: `${SESSION_COOKIE}=${cookie?.value}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json().user).toMatchObject({ email: 'it-lead@example.org', role: 'admin' });
  });

  it('answers 401 with one message for a wrong password or an unknown email', async () => {
    for (const payload of [
      { email: 'it-lead@example.org', password: 'not the password' },
      { email: 'nobody@example.org', password: PASSWORD },
      { email: 'x' },
    ]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({ error: 'Email or password is not right' });
      expect(res.cookies).toHaveLength(0);
    }
  });

  it('rate-limits repeated failed sign-ins from one address', async () => {
    const attempt = () =>
      t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'it-lead@example.org', password: 'wrong-wrong' } });
    for (let i = 0; i < 10; i++) expect((await attempt()).statusCode).toBe(401);
    expect((await attempt()).statusCode).toBe(429);
  });

  it('requires a session for every other /api route, including unknown ones', async () => {
    for (const url of ['/api/devices', '/api/fleet/summary', '/api/policy', '/api/auth/me', '/api/nope']) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(401);
      expect(res.json()).toHaveProperty('error');
    }
    const forged = await t.app.inject({ url: '/api/devices', headers: { cookie: `${SESSION_COOKIE}=forged` } });
    expect(forged.statusCode).toBe(401);
    const cookie = await login(t.app, 'it-lead@example.org');
    expect((await t.app.inject({ url: '/api/nope', headers: { cookie } })).statusCode).toBe(404);
  });

  it('sessions slide by 12 idle hours but end 7 days after sign-in', async () => {
    const HOUR = 3_600_000;
    let now = new Date('2026-11-21T08:00:00Z');
    const s = await createTestServer({ now: () => now });
    try {
      await addUser(s.app, 'a@example.org', 'admin');
      const cookie = await login(s.app, 'a@example.org');
      const status = async (hoursLater: number, from: Date) => {
        now = new Date(from.getTime() + hoursLater * HOUR);
        return (await s.app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode;
      };
      const start = now;
      // Used every 11 h, the session lives on ... until 7 days after sign-in.
      for (let h = 11; h < 7 * 24; h += 11) expect(await status(h, start), `${h} h`).toBe(200);
      expect(await status(7 * 24 + 1, start)).toBe(401);

      const fresh = await login(s.app, 'a@example.org');
      const t0 = now;
      now = new Date(t0.getTime() + 12 * HOUR + 1000);
      expect((await s.app.inject({ url: '/api/auth/me', headers: { cookie: fresh } })).statusCode).toBe(401);
    } finally {
      await s.close();
    }
  });

  it('logout ends the session', async () => {
    const cookie = await login(t.app, 'it-lead@example.org');
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/devices', headers: { cookie } })).statusCode).toBe(401);
  });

  it('lets a viewer read but not write, and keeps admin actions from the DSL', async () => {
    const viewer = await login(t.app, 'viewer@example.org');
    expect((await t.app.inject({ url: '/api/devices', headers: { cookie: viewer } })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/policy', headers: { cookie: viewer } })).statusCode).toBe(200);
    const writes = [
      { method: 'POST' as const, url: '/api/enrolment-tokens', payload: {} },
      { method: 'PUT' as const, url: '/api/policy', payload: {} },
      { method: 'PATCH' as const, url: '/api/devices/x', payload: { keeper: null } },
      { method: 'DELETE' as const, url: '/api/devices/x' },
      { method: 'POST' as const, url: '/api/devices/x/collect' },
    ];
    for (const w of writes) {
      const res = await t.app.inject({ ...w, headers: { cookie: viewer } });
      expect(res.statusCode, `${w.method} ${w.url}`).toBe(403);
    }
    const dsl = await login(t.app, 'dsl@example.org');
    const res = await t.app.inject({ method: 'POST', url: '/api/enrolment-tokens', headers: { cookie: dsl }, payload: {} });
    expect(res.statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/fleet/summary', headers: { cookie: dsl } })).statusCode).toBe(200);
  });
});
