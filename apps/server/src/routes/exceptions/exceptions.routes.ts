import type { FastifyPluginAsync } from 'fastify';
import { exceptionsApi } from '@safefleet/protocol';
import { actorOf } from '../http.js';
import { addRoute } from '../route.js';
import type { RouteOptions } from '../types.js';

/** /api/exceptions: the roles that may read exceptions read; the admin or the DSL approves and revokes. */
export const exceptionsRoutes: FastifyPluginAsync<RouteOptions> = async (app, { services }) => {
  const approvers = { roles: ['admin' as const, 'dsl' as const] };

  addRoute(app, exceptionsApi.list, { read: 'exceptions' }, async () => services.exceptions.list());

  addRoute(app, exceptionsApi.create, approvers, async (request) => services.exceptions.create(request.body, actorOf(request)));

  addRoute(app, exceptionsApi.revoke, approvers, async (request) => services.exceptions.revoke(request.params.id, actorOf(request)));
};
