import type { FastifyPluginAsync } from 'fastify';
import { AlertListQuery } from '@safefleet/protocol';
import { currentUser, parseWith } from '../http.js';
import type { RouteOptions } from '../types.js';

/**
 * /api/alerts (any signed-in role): the live feed's initial load (`?status=open`) and history.
 * Viewers see safeguarding alerts redacted (no apps, keeper, reason or concern).
 */
export const alertsRoutes: FastifyPluginAsync<RouteOptions> = async (app, { services }) => {
  app.get('/', async (request) => {
    const q = parseWith(AlertListQuery, request.query, 'query');
    return services.alerts.list(q, currentUser(request).role);
  });

  app.get<{ Params: { id: string } }>('/:id', async (request) => services.alerts.get(request.params.id, currentUser(request).role));
};
