import type { FastifyPluginAsync } from 'fastify';
import { CreateExceptionRequest } from '@safefleet/protocol';
import { actorOf, parseWith, requireRole, requireRead } from '../http.js';
import type { RouteOptions } from '../types.js';

interface IdParams {
  id: string;
}

/** /api/exceptions: anyone signed in reads; the admin or the DSL approves and revokes. */
export const exceptionsRoutes: FastifyPluginAsync<RouteOptions> = async (app, { services }) => {
  const approvers = requireRole('admin', 'dsl');

  app.get('/', { preHandler: requireRead('exceptions') }, async () => services.exceptions.list());

  app.post('/', { preHandler: approvers }, async (request, reply) => {
    const body = parseWith(CreateExceptionRequest, request.body);
    return reply.code(201).send(services.exceptions.create(body, actorOf(request)));
  });

  app.delete<{ Params: IdParams }>('/:id', { preHandler: approvers }, async (request) =>
    services.exceptions.revoke(request.params.id, actorOf(request)),
  );
};
