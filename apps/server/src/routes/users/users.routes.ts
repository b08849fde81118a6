import type { FastifyPluginAsync } from 'fastify';
import { CreateUserRequest, SESSION_COOKIE, UpdateUserRequest } from '@safefleet/protocol';
import { actorOf, currentUser, parseWith, requireRole } from '../http.js';
import { numericId } from '../ids.js';
import type { RouteOptions } from '../types.js';

interface IdParams {
  id: string;
}

/** /api/users (admin only): list, add, change role or password, remove. */
export const usersRoutes: FastifyPluginAsync<RouteOptions> = async (app, { services }) => {
  app.addHook('preHandler', requireRole('admin'));

  app.get('/', async () => services.consoleUsers.list());

  app.post('/', async (request, reply) => {
    const body = parseWith(CreateUserRequest, request.body);
    return reply.code(201).send(await services.consoleUsers.create(body, actorOf(request)));
  });

  app.patch<{ Params: IdParams }>('/:id', async (request) => {
    const id = numericId(request.params.id, 'User');
    const body = parseWith(UpdateUserRequest, request.body);
    return services.consoleUsers.update(id, body, currentUser(request), request.cookies[SESSION_COOKIE]);
  });

  app.delete<{ Params: IdParams }>('/:id', async (request) => {
    services.consoleUsers.remove(numericId(request.params.id, 'User'), currentUser(request));
    return { ok: true };
  });
};
