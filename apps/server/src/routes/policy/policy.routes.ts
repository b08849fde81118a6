import type { FastifyPluginAsync } from 'fastify';
import { PolicySettings } from '@safefleet/protocol';
import { actorOf, parseWith, requireRole } from '../http.js';
import type { RouteOptions } from '../types.js';

/** GET/PUT /api/policy. PUT re-evaluates every device from its latest facts. */
export const policyRoutes: FastifyPluginAsync<RouteOptions> = async (app, { services }) => {
  app.get('/', async () => services.policy.current());

  app.put('/', { preHandler: requireRole('admin') }, async (request) => {
    const settings = parseWith(PolicySettings, request.body, 'policy');
    return services.policy.update(settings, actorOf(request));
  });
};
