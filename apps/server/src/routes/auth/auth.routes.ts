import type { FastifyPluginAsync } from 'fastify';
import { authApi, SESSION_COOKIE } from '@safefleet/protocol';
import { SESSION_MAX_MS } from '../../services/auth.service.js';
import { AppError } from '../../services/errors.js';
import { LoginRateLimiter } from '../../services/login-rate-limiter.js';
import { currentUser } from '../http.js';
import { addRoute } from '../route.js';
import type { RouteOptions } from '../types.js';

const WRONG = 'Email or password is not right';

/**
 * Public auth routes: POST /api/auth/login, POST /api/auth/logout, GET /api/auth/first-run.
 * GET /api/auth/me and POST /api/auth/password are in the protected scope (meRoutes).
 */
export const authRoutes: FastifyPluginAsync<RouteOptions> = async (app, { services }) => {
  const limiter = new LoginRateLimiter();
  const secure = services.ctx.config.publicUrl?.startsWith('https:') ?? false;

  // A body that is not a LoginRequest is a failed sign-in (401, counted), not a 400.
  addRoute(app, authApi.login, { attachValidation: true }, async (request, reply) => {
    const now = Date.now();
    if (limiter.isBlocked(request.ip, now)) throw new AppError(429, 'Too many sign-in attempts — wait 15 minutes and try again');
    const result = request.validationError ? null : await services.auth.login(request.body.email, request.body.password);
    if (!result) {
      limiter.fail(request.ip, now);
      throw new AppError(401, WRONG);
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
  addRoute(app, authApi.firstRun, async () => ({ firstRun: services.consoleUsers.firstRun() }));

  addRoute(app, authApi.logout, async (request, reply) => {
    services.auth.logout(request.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });
};

/** GET /api/auth/me and POST /api/auth/password (protected scope: any signed-in role). */
export const meRoutes: FastifyPluginAsync<RouteOptions> = async (app, { services }) => {
  addRoute(app, authApi.me, async (request) => ({ user: currentUser(request), firstRun: services.consoleUsers.firstRun() }));

  // Viewers may change their own password too: the session hook lets this one write through.
  addRoute(app, authApi.changePassword, async (request) => {
    const token = request.cookies[SESSION_COOKIE] ?? '';
    await services.consoleUsers.changePassword(currentUser(request), request.body.currentPassword, request.body.newPassword, token);
    return { ok: true as const };
  });
};
