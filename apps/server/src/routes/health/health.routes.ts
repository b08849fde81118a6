import type { FastifyPluginAsync } from 'fastify';
import type { RouteOptions } from '../types.js';

/** GET /healthz (no auth; checks the database answers). The web console at / is routes/web. */
export const healthRoutes: FastifyPluginAsync<RouteOptions> = async (app, { services }) => {
  app.get('/healthz', async (_request, reply) => {
    if (!services.health.databaseOk()) return reply.code(503).send({ status: 'error', error: 'database is not answering' });
    return { status: 'ok' };
  });
};
