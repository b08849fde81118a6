import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { authApi, SESSION_COOKIE } from '@safefleet/protocol';
import { SESSION_MAX_MS } from '../../services/auth.service.js';
import { CURRENT_PASSWORD_WRONG } from '../../services/console-users.service.js';
import { AppError } from '../../services/errors.js';
import { LoginRateLimiter } from '../../services/login-rate-limiter.js';
import { OrganisationsService } from '../../services/organisations.service.js';
import { currentUser } from '../http.js';
import { addRoute } from '../route.js';
import type { RouteOptions } from '../types.js';

const WRONG = 'Email or password is not right';
/** Long-lived cookie naming a browser that signed in to an account before (see AuthService.login). */
export const KNOWN_BROWSER_COOKIE = 'safefleet_known';
const KNOWN_MAX_AGE_S = 400 * 24 * 60 * 60;

/**
 * Public auth routes: POST /api/auth/login, POST /api/auth/logout, GET /api/auth/first-run.
 * GET /api/auth/me and POST /api/auth/password are in the protected scope (meRoutes).
 */
export const authRoutes: FastifyPluginAsync<RouteOptions> = async (app, { services, organisations }) => {
  const limiter = new LoginRateLimiter();
  const secure = services.ctx.config.publicUrl?.startsWith('https:') ?? false;
  const setSessionCookies = (reply: FastifyReply, protocol: string, result: { token: string; knownToken: string }) => {
    reply.setCookie(KNOWN_BROWSER_COOKIE, result.knownToken, {
      httpOnly: true,
      sameSite: 'lax',
      path: '/api/auth/login',
      secure: secure || protocol === 'https',
      maxAge: KNOWN_MAX_AGE_S,
    });
    reply.setCookie(SESSION_COOKIE, result.token, {
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure: secure || protocol === 'https',
      maxAge: Math.floor(SESSION_MAX_MS / 1000),
    });
  };

  // A body that is not a LoginRequest is a failed sign-in (401, counted), not a 400.
  addRoute(app, authApi.login, { attachValidation: true }, async (request, reply) => {
    const now = Date.now();
    const body = request.body as { email?: unknown } | undefined;
    const email = (typeof body?.email === 'string' ? body.email : '').trim().toLowerCase().slice(0, 320);
    const ipKey = `ip:${request.ip}`;
    const accountKey = `account:${email}`;
    const knownCookie = request.cookies[KNOWN_BROWSER_COOKIE];
    // The lockout is keyed on the address and on the account; a browser that signed in to this
    // account before is never locked out of it (it still needs the right password).
    const blocked = limiter.isBlocked(ipKey, now) ? 'address' : limiter.isBlocked(accountKey, now) ? 'account' : null;
    if (blocked && !services.auth.isKnownBrowser(email, knownCookie)) {
      request.log.warn({ email, ip: request.ip, blocked }, 'sign-in refused: too many failed attempts');
      organisations.auditForEmail(email).record(`ip:${request.ip}`, 'auth.login-blocked', email || null, { ip: request.ip, blocked });
      throw new AppError(429, 'Too many sign-in attempts — wait 15 minutes and try again');
    }
    const result = request.validationError ? null : await services.auth.login(request.body.email, request.body.password, knownCookie);
    if (!result) {
      limiter.fail(ipKey, now);
      if (email) limiter.fail(accountKey, now);
      request.log.warn({ email, ip: request.ip }, 'sign-in failed');
      organisations.auditForEmail(email).record(`ip:${request.ip}`, 'auth.login-failed', email || null, { ip: request.ip });
      throw new AppError(401, WRONG);
    }
    // Two-step sign-in on: the password was right, the code comes next (POST /api/auth/login/totp).
    // The account's failure count is not reset until the code is right too.
    if ('totpRequired' in result) {
      return { totpRequired: true as const, challenge: services.totp.startChallenge(result.userId, result.email, knownCookie) };
    }
    // Only the account's count starts again: a success from a shared address never resets the address's.
    limiter.reset(accountKey);
    request.log.info({ email: result.user.email, ip: request.ip }, 'signed in');
    setSessionCookies(reply, request.protocol, result);
    return { user: result.user };
  });

  // The second step: counted in the same lockout (address and account) as wrong passwords.
  addRoute(app, authApi.loginTotp, async (request, reply) => {
    const now = Date.now();
    const ipKey = `ip:${request.ip}`;
    const pending = services.totp.challenge(request.body.challenge);
    if (!pending) {
      limiter.fail(ipKey, now);
      throw new AppError(401, 'This sign-in has expired or had too many wrong codes: sign in with your password again');
    }
    const accountKey = `account:${pending.email}`;
    const blocked = limiter.isBlocked(ipKey, now) ? 'address' : limiter.isBlocked(accountKey, now) ? 'account' : null;
    if (blocked && !services.auth.isKnownBrowser(pending.email, pending.knownToken)) {
      request.log.warn({ email: pending.email, ip: request.ip, blocked }, 'sign-in code refused: too many failed attempts');
      organisations
        .auditForEmail(pending.email)
        .record(`ip:${request.ip}`, 'auth.login-blocked', pending.email, { ip: request.ip, blocked, step: 'totp' });
      throw new AppError(429, 'Too many sign-in attempts — wait 15 minutes and try again');
    }
    const check = services.totp.check(pending.userId, request.body.code);
    if (!check.ok) {
      limiter.fail(ipKey, now);
      limiter.fail(accountKey, now);
      services.totp.challengeFailed(request.body.challenge);
      request.log.warn({ email: pending.email, ip: request.ip }, 'sign-in code wrong');
      organisations.auditForEmail(pending.email).record(`ip:${request.ip}`, 'auth.totp-failed', pending.email, { ip: request.ip });
      throw new AppError(401, 'That code is not right (or was used already): type the newest code from your app');
    }
    services.totp.endChallenge(request.body.challenge);
    limiter.reset(accountKey);
    const result = services.auth.openSession(pending.userId, pending.knownToken, { secondStep: check.recovery ? 'recovery-code' : 'totp' });
    request.log.info({ email: result.user.email, ip: request.ip }, 'signed in (two-step)');
    setSessionCookies(reply, request.protocol, result);
    return { user: result.user, recoveryCodeUsed: check.recovery };
  });

  // Only says whether admin@localhost is still the only user (the sign-in page's hint).
  addRoute(app, authApi.firstRun, async () => ({ firstRun: services.consoleUsers.firstRun() }));

  addRoute(app, authApi.logout, async (request, reply) => {
    services.auth.logout(request.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });
};

/** GET /api/auth/me and POST /api/auth/password (protected scope: any signed-in role). */
export const meRoutes: FastifyPluginAsync<RouteOptions> = async (app, { services, organisations }) => {
  const orgs = new OrganisationsService(organisations);
  addRoute(app, authApi.me, async (request) => orgs.me(currentUser(request), services.consoleUsers.firstRun()));

  // The current-password check is limited per user like sign-in (5 wrong in 15 minutes, then 429).
  const passwordLimiter = new LoginRateLimiter(5);

  // Viewers may change their own password too: the session hook lets this one write through.
  addRoute(app, authApi.changePassword, async (request) => {
    const token = request.cookies[SESSION_COOKIE] ?? '';
    const user = currentUser(request);
    const key = `password:${user.id}`;
    const now = Date.now();
    if (passwordLimiter.isBlocked(key, now)) {
      services.audit.record(`user:${user.email}`, 'auth.password-change-blocked', user.email, { ip: request.ip });
      throw new AppError(429, 'Too many wrong current passwords — wait 15 minutes and try again');
    }
    try {
      await services.consoleUsers.changePassword(user, request.body.currentPassword, request.body.newPassword, token);
    } catch (err) {
      if (err instanceof AppError && err.message === CURRENT_PASSWORD_WRONG) {
        passwordLimiter.fail(key, now);
        request.log.warn({ email: user.email, ip: request.ip }, 'password change: wrong current password');
        services.audit.record(`user:${user.email}`, 'auth.password-change-failed', user.email, { ip: request.ip });
      }
      throw err;
    }
    return { ok: true as const };
  });

  // Two-step sign-in of the caller's own account (the session hook keeps viewers to reads: 403).
  addRoute(app, authApi.totpStatus, async (request) => services.totp.status(currentUser(request)));
  addRoute(app, authApi.totpSetup, async (request) => services.totp.setup(currentUser(request)));
  addRoute(app, authApi.totpConfirm, async (request) => services.totp.confirm(currentUser(request), request.body.code));
  addRoute(app, authApi.totpDisable, async (request) => {
    services.totp.disable(currentUser(request), request.body.code);
    return { ok: true as const };
  });
};
