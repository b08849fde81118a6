import type { FastifyPluginAsync } from 'fastify';
import { policyApi } from '@safefleet/protocol';
import { actorOf } from '../http.js';
import { addRoute } from '../route.js';
import type { RouteOptions } from '../types.js';

/** GET/PUT /api/policy. PUT re-evaluates every device from its latest facts. */
export const policyRoutes: FastifyPluginAsync<RouteOptions> = async (app, { services }) => {
  addRoute(app, policyApi.get, async () => services.policy.current());

  addRoute(app, policyApi.update, { roles: ['admin'], bodyName: 'policy' }, async (request) =>
    services.policy.update(request.body, actorOf(request)),
  );
};
