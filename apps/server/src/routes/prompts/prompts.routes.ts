import type { FastifyPluginAsync } from 'fastify';
import { passwordPromptsApi } from '@safefleet/protocol';
import { actorOf } from '../http.js';
import { addRoute } from '../route.js';
import type { RouteOptions } from '../types.js';

/**
 * /api/password-prompts: each device's "password due" date, one device's accounts and prompt
 * history (the roles that may read prompts), and "send reminders now" (admin; the hourly job's run).
 */
export const promptsRoutes: FastifyPluginAsync<RouteOptions> = async (app, { services }) => {
  const readers = { read: 'password-prompts' as const };

  addRoute(app, passwordPromptsApi.dueList, readers, async () => services.passwordPrompts.dueList());

  addRoute(app, passwordPromptsApi.run, { roles: ['admin'] }, async (request) => services.passwordPrompts.runNow(actorOf(request)));

  addRoute(app, passwordPromptsApi.forDevice, readers, async (request) => services.passwordPrompts.forDevice(request.params.deviceId));
};
