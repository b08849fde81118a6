import type { FastifyPluginAsync } from 'fastify';
import { enrolmentApi } from '@safefleet/protocol';
import { consoleWide } from '../../db/repositories/index.js';
import { sha256 } from '../../services/tokens.js';
import { addRoute } from '../route.js';
import type { RouteOptions } from '../types.js';

/** POST /agent/enroll: authenticated by the enrolment token in the body (not a session). */
export const agentEnrollRoutes: FastifyPluginAsync<RouteOptions> = async (app, { organisations }) => {
  // The token decides the organisation (console-wide look-up by its hash); an unknown token is
  // refused by organisation 1's service exactly as before (its look-up finds nothing either).
  addRoute(app, enrolmentApi.enroll, { bodyLimit: 64 * 1024 }, async (request) => {
    const token = consoleWide(organisations.for(1).ctx.db).enrolmentTokenByHash(sha256(request.body.token));
    return organisations.for(token?.organisationId ?? 1).enrolment.enroll(request.body, request.ip);
  });
};
