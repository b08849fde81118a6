// Acceptance (issue 9): brute force is blocked while the real admin still signs in; every sign-in,
// failed or not, is audited; weak passwords are refused; the current-password check is limited.
import type { InjectOptions } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '@safefleet/protocol';
import { addUser, createTestServer, login, PASSWORD, type TestServer } from '../../test-support/harness.js';
import { weakPasswordReason } from '../../services/password-strength.js';
import { KNOWN_BROWSER_COOKIE } from './auth.routes.js';

const ADMIN = 'it-lead@example.org';

describe('sign-in lockout keyed on account and address', () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await createTestServer({ config: { rateLimit: false } }); // the lockout alone (the address limit has its own test)
    await addUser(t.app, ADMIN, 'admin');
    await addUser(t.app, 'mallory@example.org', 'viewer');
  });
  afterEach(() => t.close());

  const attempt = (email: string, password: string, cookies: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, cookies });
  const audit = (action: string) =>
    (t.database.sqlite.prepare('select count(*) as n from audit_log where action = ?').get(action) as { n: number }).n;

  it('guesses from the shared office address are blocked (a success there resets nothing); the real admin still signs in from a browser it used before', async () => {
    // The IT lead signed in on this browser last week: it holds the known-browser cookie.
    const first = await attempt(ADMIN, PASSWORD);
    expect(first.statusCode).toBe(200);
    const known = first.cookies.find((c) => c.name === KNOWN_BROWSER_COOKIE)!;
    expect(known).toMatchObject({ httpOnly: true, path: '/api/auth/login' });

    // An attacker on the same address: 9 guesses, a correct sign-in to their own account, more guesses.
    for (let i = 0; i < 9; i++) expect((await attempt(ADMIN, `guess-${i}-wrong`)).statusCode).toBe(401);
    const mallory = await attempt('mallory@example.org', PASSWORD);
    expect(mallory.statusCode).toBe(200);
    expect((await attempt(ADMIN, 'guess-9-wrong')).statusCode).toBe(401);
    for (let i = 10; i < 30; i++) expect((await attempt(ADMIN, `guess-${i}-wrong`)).statusCode).toBe(429);
    // Even the right password is refused to a browser never used for this account...
    expect((await attempt(ADMIN, PASSWORD)).statusCode).toBe(429);
    // ...but the IT lead's own browser gets in, and only with the right password.
    expect((await attempt(ADMIN, 'still-wrong-guess', { [KNOWN_BROWSER_COOKIE]: known.value })).statusCode).toBe(401);
    const real = await attempt(ADMIN, PASSWORD, { [KNOWN_BROWSER_COOKIE]: known.value });
    expect(real.statusCode).toBe(200);
    expect(real.cookies.find((c) => c.name === SESSION_COOKIE)).toBeDefined();
    // A cookie from another account's browser does not open this one.
    const mallorys = mallory.cookies.find((c) => c.name === KNOWN_BROWSER_COOKIE)!;
    expect((await attempt(ADMIN, PASSWORD, { [KNOWN_BROWSER_COOKIE]: mallorys.value })).statusCode).toBe(429);

    expect(audit('auth.login-failed')).toBe(11);
    expect(audit('auth.login-blocked')).toBe(22);
    expect(audit('auth.login')).toBe(3);
    // Everyone else on that address waits: the attacker's own account too.
    expect((await attempt('mallory@example.org', PASSWORD)).statusCode).toBe(429);
  });

  it('guesses against one account from many addresses lock that account, not the known browser', async () => {
    const known = (await attempt(ADMIN, PASSWORD)).cookies.find((c) => c.name === KNOWN_BROWSER_COOKIE)!;
    for (let i = 0; i < 10; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: ADMIN, password: 'nope-nope-nope' },
        remoteAddress: `10.0.0.${i + 1}`,
      });
      expect(res.statusCode).toBe(401);
    }
    const fromNewAddress = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: ADMIN, password: PASSWORD },
      remoteAddress: '10.0.1.1',
    });
    expect(fromNewAddress.statusCode).toBe(429);
    expect((await attempt(ADMIN, PASSWORD, { [KNOWN_BROWSER_COOKIE]: known.value })).statusCode).toBe(200);
    expect((await attempt('mallory@example.org', PASSWORD)).statusCode).toBe(200); // other accounts are not locked
  });

  it('refuses weak passwords and limits the current-password check on password change, audited', async () => {
    const cookie = await login(t.app, ADMIN);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie },
      payload: { email: 'dsl@example.org', role: 'dsl', password: 'password12' },
    });
    expect(created.statusCode).toBe(400);
    expect(created.json().error).toContain('one of the first an attacker tries');
    const change = (currentPassword: string, newPassword = 'a different long phrase') =>
      t.app.inject({ method: 'POST', url: '/api/auth/password', headers: { cookie }, payload: { currentPassword, newPassword } });
    expect((await change(PASSWORD, 'Password2024!')).json().error).toContain('one of the first an attacker tries');
    for (let i = 0; i < 5; i++) expect((await change(`wrong-${i}-password`)).statusCode).toBe(400);
    expect((await change(PASSWORD)).statusCode).toBe(429);
    expect(audit('auth.password-change-failed')).toBe(5);
    expect(audit('auth.password-change-blocked')).toBe(1);
  });
});

describe('@fastify/rate-limit per address', () => {
  it('limits sign-in and enrolment tightly and other writes loosely, never reads', async () => {
    const t = await createTestServer({ config: { rateLimit: { signInPerMinute: 3, writesPerMinute: 5 } } });
    try {
      await addUser(t.app, ADMIN, 'admin');
      const codes = async (n: number, req: InjectOptions) => {
        const out: number[] = [];
        for (let i = 0; i < n; i++) out.push((await t.app.inject(req)).statusCode);
        return out;
      };
      expect(await codes(4, { method: 'POST', url: '/agent/enroll', payload: {} })).toEqual([400, 400, 400, 429]);
      const cookie = await login(t.app, ADMIN);
      expect(await codes(3, { method: 'POST', url: '/api/auth/login', payload: { email: ADMIN, password: 'x' } })).toEqual([401, 401, 429]);
      expect(await codes(6, { method: 'POST', url: '/api/roles', headers: { cookie }, payload: {} })).toEqual([400, 400, 400, 400, 400, 429]);
      expect(await codes(20, { url: '/api/devices', headers: { cookie } })).toEqual(Array(20).fill(200));
    } finally {
      await t.close();
    }
  });
});

describe('weakPasswordReason', () => {
  it.each([
    ['password12', true],
    ['Password2024!', true],
    ['qwertyuiop', true],
    ['1234567890', true],
    ['aaaaaaaaaaaa', true],
    ['safeguarding1', true],
    ['short', true],
    ['correct horse battery staple', false],
    ['tea-kettle-river-42', false],
  ])('%s weak: %s', (pw, weak) => {
    expect(weakPasswordReason(pw) !== null).toBe(weak);
  });
  it('refuses a password containing the email name', () => {
    expect(weakPasswordReason('danalee-1987-x', 'danalee@example.org')).toContain('email');
  });
});
