import type { FastifyPluginAsync } from 'fastify';
import type { RouteOptions } from '../types.js';

const PLACEHOLDER_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Safefleet</title></head>
<body><p>Safefleet console API is running. The web console is not built yet; see /healthz and /api.</p></body></html>
`;

/** GET /healthz (no auth; checks the database answers) and the placeholder page at GET /. */
export const healthRoutes: FastifyPluginAsync<RouteOptions> = async (app, { services }) => {
  app.get('/healthz', async (_request, reply) => {
    if (!services.health.databaseOk()) return reply.code(503).send({ status: 'error', error: 'database is not answering' });
    return { status: 'ok' };
  });

  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(PLACEHOLDER_PAGE));
};
