import type { FastifyPluginAsync } from 'fastify';
import { SESSION_COOKIE, usersApi } from '@safefleet/protocol';
import { actorOf, currentUser } from '../http.js';
import { numericId } from '../ids.js';
import { addRoute } from '../route.js';
import type { RouteOptions } from '../types.js';

/** /api/users (admin only): list, add, change role or password, remove. */
export const usersRoutes: FastifyPluginAsync<RouteOptions> = async (app, { services }) => {
  const admin = { roles: ['admin' as const] };

  addRoute(app, usersApi.list, admin, async () => services.consoleUsers.list());

  addRoute(app, usersApi.create, admin, async (request) => services.consoleUsers.create(request.body, actorOf(request), currentUser(request)));

  addRoute(app, usersApi.update, admin, async (request) => {
    const id = numericId(request.params.id, 'User');
    return services.consoleUsers.update(id, request.body, currentUser(request), request.cookies[SESSION_COOKIE]);
  });

  // A lost phone: the IT lead turns another user's two-step sign-in off (audited user.totp-reset).
  addRoute(app, usersApi.resetTotp, admin, async (request) => {
    const id = numericId(request.params.id, 'User');
    services.consoleUsers.get(id); // 404 for anyone not of this organisation
    services.totp.reset(id, actorOf(request));
    return services.consoleUsers.get(id);
  });

  addRoute(app, usersApi.remove, admin, async (request) => {
    services.consoleUsers.remove(numericId(request.params.id, 'User'), currentUser(request));
    return { ok: true as const };
  });
};
