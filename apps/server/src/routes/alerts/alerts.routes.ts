import type { FastifyPluginAsync } from 'fastify';
import { alertsApi } from '@safefleet/protocol';
import { currentUser } from '../http.js';
import { addRoute } from '../route.js';
import type { RouteOptions } from '../types.js';

/**
 * /api/alerts (any signed-in role): the live feed's initial load (`?status=open`) and history.
 * Viewers see safeguarding alerts redacted (no apps, keeper, reason or concern).
 */
export const alertsRoutes: FastifyPluginAsync<RouteOptions> = async (app, { services }) => {
  addRoute(app, alertsApi.list, async (request) => services.alerts.list(request.query, currentUser(request).role));

  addRoute(app, alertsApi.page, async (request) => services.alerts.page(request.query, currentUser(request).role));

  addRoute(app, alertsApi.detail, async (request) => services.alerts.get(request.params.id, currentUser(request).role));
};
