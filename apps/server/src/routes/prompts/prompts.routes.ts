import type { FastifyPluginAsync } from 'fastify';
import { actorOf, requireRole, requireRead } from '../http.js';
import type { RouteOptions } from '../types.js';

/**
 * /api/password-prompts: each device's "password due" date (any signed-in role), one device's
 * accounts and prompt history, and "send reminders now" (admin; the same run the hourly job does).
 */
export const promptsRoutes: FastifyPluginAsync<RouteOptions> = async (app, { services }) => {
  const { passwordPrompts: prompts } = services;

  app.get('/', { preHandler: requireRead('password-prompts') }, async () => prompts.dueList());

  app.post('/run', { preHandler: requireRole('admin') }, async (request) => prompts.runNow(actorOf(request)));

  app.get<{ Params: { deviceId: string } }>('/:deviceId', { preHandler: requireRead('password-prompts') }, async (request) => prompts.forDevice(request.params.deviceId));
};
