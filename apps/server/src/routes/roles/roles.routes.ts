import type { FastifyPluginAsync } from 'fastify';
import { CreateRoleRequest, UpdateRoleRequest } from '@safefleet/protocol';
import { actorOf, parseWith, requireRole } from '../http.js';
import { numericId } from '../ids.js';
import type { RouteOptions } from '../types.js';

interface IdParams {
  id: string;
}

/** /api/roles: keeper roles. Anyone signed in reads; the admin adds, changes and removes. */
export const rolesRoutes: FastifyPluginAsync<RouteOptions> = async (app, { services }) => {
  const admin = requireRole('admin');

  app.get('/', async () => services.keeperRoles.list());

  app.post('/', { preHandler: admin }, async (request, reply) => {
    const body = parseWith(CreateRoleRequest, request.body);
    return reply.code(201).send(services.keeperRoles.create(body, actorOf(request)));
  });

  app.patch<{ Params: IdParams }>('/:id', { preHandler: admin }, async (request) => {
    const id = numericId(request.params.id, 'Keeper role');
    return services.keeperRoles.update(id, parseWith(UpdateRoleRequest, request.body), actorOf(request));
  });

  app.delete<{ Params: IdParams }>('/:id', { preHandler: admin }, async (request) => {
    services.keeperRoles.remove(numericId(request.params.id, 'Keeper role'), actorOf(request));
    return { ok: true };
  });
};
