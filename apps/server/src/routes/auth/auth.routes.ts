import type { FastifyPluginAsync } from 'fastify';
import { ChangePasswordRequest, LoginRequest, SESSION_COOKIE } from '@safefleet/protocol';
import { SESSION_MAX_MS } from '../../services/auth.service.js';
import { LoginRateLimiter } from '../../services/login-rate-limiter.js';
import { currentUser, parseWith } from '../http.js';
import type { RouteOptions } from '../types.js';

const WRONG = 'Email or password is not right';

/**
 * Public auth routes: POST /api/auth/login, POST /api/auth/logout, GET /api/auth/first-run.
 * GET /api/auth/me and POST /api/auth/password are in the protected scope (meRoutes).
 */
export const authRoutes: FastifyPluginAsync<RouteOptions> = async (app, { services }) => {
  const limiter = new LoginRateLimiter();
  const secure = services.ctx.config.publicUrl?.startsWith('https:') ?? false;

  app.post('/login', async (request, reply) => {
    const now = Date.now();
    if (limiter.isBlocked(request.ip, now)) {
      return reply.code(429).send({ error: 'Too many sign-in attempts — wait 15 minutes and try again' });
    }
    const parsed = LoginRequest.safeParse(request.body);
    if (!parsed.success) {
      limiter.fail(request.ip, now);
      return reply.code(401).send({ error: WRONG });
    }
    const result = await services.auth.login(parsed.data.email, parsed.data.password);
    if (!result) {
      limiter.fail(request.ip, now);
      return reply.code(401).send({ error: WRONG });
    }
    limiter.reset(request.ip);
    reply.setCookie(SESSION_COOKIE, result.token, {
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure: secure || request.protocol === 'https',
      maxAge: Math.floor(SESSION_MAX_MS / 1000),
    });
    return { user: result.user };
  });

  // Only says whether admin@localhost is still the only user (the sign-in page's hint).
  app.get('/first-run', async () => ({ firstRun: services.consoleUsers.firstRun() }));

  app.post('/logout', async (request, reply) => {
    services.auth.logout(request.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });
};

/** GET /api/auth/me and POST /api/auth/password (protected scope: any signed-in role). */
export const meRoutes: FastifyPluginAsync<RouteOptions> = async (app, { services }) => {
  app.get('/auth/me', async (request) => ({ user: currentUser(request), firstRun: services.consoleUsers.firstRun() }));

  // Viewers may change their own password too: the session hook lets this one write through.
  app.post('/auth/password', async (request) => {
    const body = parseWith(ChangePasswordRequest, request.body);
    const token = request.cookies[SESSION_COOKIE] ?? '';
    await services.consoleUsers.changePassword(currentUser(request), body.currentPassword, body.newPassword, token);
    return { ok: true };
  });
};

