import type { FastifyPluginAsync } from 'fastify';
import { CreateEnrolmentTokenRequest } from '@safefleet/protocol';
import { actorOf, consoleOrigin, parseWith, requireRole } from '../http.js';
import type { RouteOptions } from '../types.js';

/** POST /api/enrolment-tokens (admin) → 201 EnrolmentToken. */
export const enrolmentTokensRoutes: FastifyPluginAsync<RouteOptions> = async (app, { services }) => {
  app.post('/', { preHandler: requireRole('admin') }, async (request, reply) => {
    const body = parseWith(CreateEnrolmentTokenRequest, request.body ?? {});
    const token = services.enrolment.createToken(
      { uses: body.uses, expiresInHours: body.expiresInHours, url: body.url ?? consoleOrigin(services.ctx.config, request) },
      actorOf(request),
    );
    return reply.code(201).send(token);
  });
};
