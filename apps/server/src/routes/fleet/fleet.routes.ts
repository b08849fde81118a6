import type { FastifyPluginAsync } from 'fastify';
import type { RouteOptions } from '../types.js';

/** GET /api/fleet/summary */
export const fleetRoutes: FastifyPluginAsync<RouteOptions> = async (app, { services }) => {
  app.get('/summary', async () => services.fleet.summary());
};
