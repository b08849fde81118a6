import type { FastifyPluginAsync } from 'fastify';
import { rolesApi } from '@safefleet/protocol';
import { actorOf } from '../http.js';
import { numericId } from '../ids.js';
import { addRoute } from '../route.js';
import type { RouteOptions } from '../types.js';

/** /api/roles: keeper roles. Anyone signed in reads; the admin adds, changes and removes. */
export const rolesRoutes: FastifyPluginAsync<RouteOptions> = async (app, { services }) => {
  const admin = { roles: ['admin' as const] };

  addRoute(app, rolesApi.list, async () => services.keeperRoles.list());

  addRoute(app, rolesApi.create, admin, async (request) => services.keeperRoles.create(request.body, actorOf(request)));

  addRoute(app, rolesApi.update, admin, async (request) =>
    services.keeperRoles.update(numericId(request.params.id, 'Keeper role'), request.body, actorOf(request)),
  );

  addRoute(app, rolesApi.remove, admin, async (request) => {
    services.keeperRoles.remove(numericId(request.params.id, 'Keeper role'), actorOf(request));
    return { ok: true as const };
  });
};
