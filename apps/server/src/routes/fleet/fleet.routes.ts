import type { FastifyPluginAsync } from 'fastify';
import { FleetTrendQuery } from '@safefleet/protocol';
import { parseWith } from '../http.js';
import type { RouteOptions } from '../types.js';

/** GET /api/fleet/summary and GET /api/fleet/trend?days=90 */
export const fleetRoutes: FastifyPluginAsync<RouteOptions> = async (app, { services }) => {
  app.get('/summary', async () => services.fleet.summary());

  app.get('/trend', async (request) => services.trend.trend(parseWith(FleetTrendQuery, request.query, 'query').days));
};
