import type { FastifyPluginAsync } from 'fastify';
import { healthApi } from '@safefleet/protocol';
import { AppError } from '../../services/errors.js';
import { addRoute } from '../route.js';
import type { RouteOptions } from '../types.js';

/**
 * GET /healthz (no auth): the database answers and takes a write, and the data folder's disk has
 * room; 503 {status: "error", error} says which is wrong. The web console at / is routes/web.
 */
export const healthRoutes: FastifyPluginAsync<RouteOptions> = async (app, { services }) => {
  addRoute(app, healthApi.check, async () => {
    const problem = services.health.storageProblem();
    if (problem) throw new AppError(503, problem.message, { status: 'error', since: problem.at });
    const health = services.health.check();
    if (!health.ok) throw new AppError(503, health.problems.join('; '), { status: 'error' });
    return { status: 'ok' as const };
  });
};
