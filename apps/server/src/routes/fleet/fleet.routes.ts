import type { FastifyPluginAsync } from 'fastify';
import { fleetApi } from '@safefleet/protocol';
import { addRoute } from '../route.js';
import type { RouteOptions } from '../types.js';

/** GET /api/fleet/summary and GET /api/fleet/trend?days=90 */
export const fleetRoutes: FastifyPluginAsync<RouteOptions> = async (app, { services }) => {
  addRoute(app, fleetApi.summary, async () => services.fleet.summary());

  addRoute(app, fleetApi.trend, async (request) => services.trend.trend(request.query.days));
};
