// Optional two-step sign-in (TOTP) over real HTTP requests on a real SQLite database, with a moving clock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SESSION_COOKIE, TotpChallenge, TotpConfirmResponse, TotpSetupResponse, TotpStatus } from '@safefleet/protocol';
import { addUser, createTestServer, login, PASSWORD, type TestServer } from '../../test-support/harness.js';
import { base32Decode, hotp, totp } from '../../services/totp.js';

const ADMIN = 'it-lead@example.org';
const DSL = 'dsl@example.org';

describe('two-step sign-in (TOTP)', () => {
  let t: TestServer;
  let now: Date;
  beforeEach(async () => {
    now = new Date('2026-12-03T10:00:10.000Z');
    t = await createTestServer({ now: () => now, config: { rateLimit: false } });
    await addUser(t.app, ADMIN, 'admin');
    await addUser(t.app, DSL, 'dsl');
    await addUser(t.app, 'viewer@example.org', 'viewer');
  });
  afterEach(() => t.close());

  const post = (url: string, payload: unknown, cookie?: string) =>
    t.app.inject({ method: 'POST', url, payload: payload as object, headers: cookie ? { cookie } : {} });
  const audit = (action: string) =>
    t.database.sqlite.prepare('select actor, target, detail_json from audit_log where action = ? order by id').all(action) as Array<{
      actor: string;
      target: string;
      detail_json: string | null;
    }>;
  const tick = (seconds: number) => {
    now = new Date(now.getTime() + seconds * 1000);
  };

  /** Turns two-step sign-in on for `email` and returns its key and recovery codes. */
  async function enable(email: string) {
    const cookie = await login(t.app, email);
    const setup = await post('/api/auth/totp/setup', {}, cookie);
    expect(setup.statusCode, setup.body).toBe(200);
    const { secret, otpauthUri, qrSvg } = TotpSetupResponse.parse(setup.json());
    expect(otpauthUri).toContain(`secret=${secret}`);
    expect(qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    const key = base32Decode(secret);
    // Still off until confirmed: the password alone signs in.
    expect(TotpStatus.parse((await t.app.inject({ url: '/api/auth/totp', headers: { cookie } })).json()).enabled).toBe(false);
    const wrong = await post('/api/auth/totp/confirm', { code: totp(key, now.getTime() + 5 * 60_000) }, cookie);
    expect(wrong.statusCode).toBe(400);
    const ok = await post('/api/auth/totp/confirm', { code: totp(key, now.getTime()) }, cookie);
    expect(ok.statusCode, ok.body).toBe(200);
    const { recoveryCodes } = TotpConfirmResponse.parse(ok.json());
    tick(30); // the confirming code's step is used; sign-ins below use later ones
    return { key, secret, recoveryCodes, cookie };
  }

  async function passwordStep(email: string, cookies: Record<string, string> = {}) {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: PASSWORD }, cookies });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.cookies.find((c) => c.name === SESSION_COOKIE)).toBeUndefined();
    return TotpChallenge.parse(res.json()).challenge;
  }
  const codeStep = (challenge: string, code: string) => post('/api/auth/login/totp', { challenge, code });

  it('enrol, then sign-in asks for the code; a wrong code is refused and audited; a code is not accepted twice', async () => {
    const { key, secret, recoveryCodes } = await enable(ADMIN);
    expect(recoveryCodes).toHaveLength(8);
    // Sealed at rest: the database holds neither the secret nor the recovery codes.
    const row = t.database.sqlite.prepare('select totp_secret, totp_recovery_json, totp_enabled_at from users where email = ?').get(ADMIN) as Record<
      string,
      string
    >;
    expect(row.totp_secret).toMatch(/^v1:/);
    expect(row.totp_secret).not.toContain(secret);
    expect(row.totp_enabled_at).toBe('2026-12-03T10:00:10.000Z');
    for (const c of recoveryCodes) expect(row.totp_recovery_json).not.toContain(c);
    expect(audit('auth.totp-enabled')).toEqual([{ actor: `user:${ADMIN}`, target: ADMIN, detail_json: null }]);

    const challenge = await passwordStep(ADMIN);
    const wrong = await codeStep(challenge, String((Number(totp(key, now.getTime())) + 1) % 1_000_000).padStart(6, '0'));
    expect(wrong.statusCode).toBe(401);
    expect(audit('auth.totp-failed')).toHaveLength(1);
    const code = totp(key, now.getTime());
    const ok = await codeStep(challenge, code);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ user: expect.objectContaining({ email: ADMIN, role: 'admin' }), recoveryCodeUsed: false });
    const session = ok.cookies.find((c) => c.name === SESSION_COOKIE);
    expect(session).toBeDefined();
    const me = await t.app.inject({ url: '/api/auth/me', headers: { cookie: `${SESSION_COOKIE}=${session?.value}` } });
    expect(me.statusCode).toBe(200);
    expect(JSON.parse(audit('auth.login').at(-1)?.detail_json ?? '{}')).toEqual({ secondStep: 'totp' });
    // The challenge is used up.
    expect((await codeStep(challenge, code)).statusCode).toBe(401);

    // The same code, again, on a fresh sign-in within its 30 seconds: refused (replay).
    const again = await passwordStep(ADMIN);
    expect((await codeStep(again, code)).statusCode).toBe(401);
    // The previous step's code (±1 step is accepted for clock drift) is older than the used one: refused too.
    expect((await codeStep(again, hotp(key, Math.floor(now.getTime() / 30_000) - 1))).statusCode).toBe(401);
    tick(30);
    expect((await codeStep(again, totp(key, now.getTime()))).statusCode).toBe(200);
  });

  it('a recovery code signs in once; the DSL can use it too; the IT lead can reset a lost phone (audited)', async () => {
    const { recoveryCodes } = await enable(DSL);
    const first = await codeStep(await passwordStep(DSL), recoveryCodes[0]!.toUpperCase());
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().recoveryCodeUsed).toBe(true);
    expect(audit('auth.totp-recovery-used')).toHaveLength(1);
    expect((await codeStep(await passwordStep(DSL), recoveryCodes[0]!)).statusCode).toBe(401);
    const dslCookie = `${SESSION_COOKIE}=${first.cookies.find((c) => c.name === SESSION_COOKIE)?.value}`;
    expect(TotpStatus.parse((await t.app.inject({ url: '/api/auth/totp', headers: { cookie: dslCookie } })).json())).toMatchObject({
      enabled: true,
      recoveryCodesLeft: 7,
    });

    // The DSL lost the phone: the IT lead turns it off.
    const admin = await login(t.app, ADMIN);
    const users = (await t.app.inject({ url: '/api/users', headers: { cookie: admin } })).json() as Array<{
      id: number;
      email: string;
      totpEnabled: boolean;
    }>;
    const dsl = users.find((u) => u.email === DSL)!;
    expect(dsl.totpEnabled).toBe(true);
    const reset = await post(`/api/users/${dsl.id}/totp/reset`, {}, admin);
    expect(reset.statusCode, reset.body).toBe(200);
    expect(reset.json().totpEnabled).toBe(false);
    expect(audit('user.totp-reset')).toEqual([{ actor: `user:${ADMIN}`, target: DSL, detail_json: JSON.stringify({ wasOn: true }) }]);
    // The password alone signs in again.
    await login(t.app, DSL);
    // Only the IT lead may reset; a viewer may not enrol.
    expect((await post(`/api/users/${dsl.id}/totp/reset`, {}, dslCookie)).statusCode).toBe(403);
    const viewer = await login(t.app, 'viewer@example.org');
    expect((await post('/api/auth/totp/setup', {}, viewer)).statusCode).toBe(403);
    expect(TotpStatus.parse((await t.app.inject({ url: '/api/auth/totp', headers: { cookie: viewer } })).json()).available).toBe(false);
  });

  it('wrong codes count in the lockout: after 10, even the right code is refused to a new browser; the browser used before still gets in', async () => {
    const { key } = await enable(ADMIN);
    // A browser the IT lead signed in on before (it holds the known-browser cookie).
    const firstChallenge = await passwordStep(ADMIN);
    const first = await codeStep(firstChallenge, totp(key, now.getTime()));
    expect(first.statusCode, first.body).toBe(200);
    const known = first.cookies.find((c) => c.name === 'safefleet_known')!;
    tick(30);

    // Someone with the password but not the phone: each challenge allows 5 tries, then the password again.
    const [a, b, c] = [await passwordStep(ADMIN), await passwordStep(ADMIN), await passwordStep(ADMIN)];
    for (const challenge of [a, b]) {
      for (let j = 0; j < 5; j++) expect((await codeStep(challenge, String(100_000 + j))).statusCode).toBe(401);
    }
    // The fifth wrong code dropped challenge a.
    expect((await codeStep(a, totp(key, now.getTime()))).statusCode).toBe(401);
    // Ten wrong codes: the right code is refused now, and so is the password step, from this browser.
    expect((await codeStep(c, totp(key, now.getTime()))).statusCode).toBe(429);
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: ADMIN, password: PASSWORD } })).statusCode).toBe(429);
    expect(audit('auth.login-blocked').length).toBeGreaterThan(0);

    // The IT lead's own browser: the password and the right code still work.
    const mine = await passwordStep(ADMIN, { safefleet_known: known.value });
    const res = await codeStep(mine, totp(key, now.getTime()));
    expect(res.statusCode, res.body).toBe(200);
  });

  it('turning it off needs a current code', async () => {
    const { key, cookie } = await enable(ADMIN);
    expect((await post('/api/auth/totp/disable', { code: '000000' }, cookie)).statusCode).toBe(400);
    expect((await post('/api/auth/totp/disable', { code: totp(key, now.getTime()) }, cookie)).statusCode).toBe(200);
    expect(audit('auth.totp-disabled')).toHaveLength(1);
    await login(t.app, ADMIN);
  });
});
