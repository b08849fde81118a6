import type { FastifyPluginAsync } from 'fastify';
import { enrolmentApi } from '@safefleet/protocol';
import { actorOf, consoleOrigin } from '../http.js';
import { numericId } from '../ids.js';
import { addRoute } from '../route.js';
import type { RouteOptions } from '../types.js';

/** POST /api/enrolment-tokens (admin) → 201 EnrolmentToken. */
export const enrolmentTokensRoutes: FastifyPluginAsync<RouteOptions> = async (app, { services }) => {
  addRoute(app, enrolmentApi.createToken, { roles: ['admin'] }, async (request) => {
    const { uses, expiresInHours, url } = request.body;
    return services.enrolment.createToken({ uses, expiresInHours, url: url ?? consoleOrigin(services.ctx.config, request) }, actorOf(request));
  });
  addRoute(app, enrolmentApi.listTokens, { read: 'administration' }, async () => services.enrolment.listTokens());
  addRoute(app, enrolmentApi.revokeToken, { roles: ['admin'] }, async (request) =>
    services.enrolment.revokeToken(numericId(request.params.id, 'Enrolment string'), actorOf(request)),
  );
};
