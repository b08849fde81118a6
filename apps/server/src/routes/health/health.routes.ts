import type { FastifyPluginAsync } from 'fastify';
import { healthApi } from '@safefleet/protocol';
import { AppError } from '../../services/errors.js';
import { addRoute } from '../route.js';
import type { RouteOptions } from '../types.js';

/** GET /healthz (no auth; checks the database answers). The web console at / is routes/web. */
export const healthRoutes: FastifyPluginAsync<RouteOptions> = async (app, { services }) => {
  addRoute(app, healthApi.check, async () => {
    if (!services.health.databaseOk()) throw new AppError(503, 'database is not answering', { status: 'error' });
    const problem = services.health.storageProblem();
    if (problem) throw new AppError(503, problem.message, { status: 'error', since: problem.at });
    return { status: 'ok' as const };
  });
};
