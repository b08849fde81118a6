import type { FastifyPluginAsync } from 'fastify';
import { enrolmentApi } from '@safefleet/protocol';
import { consoleWide } from '../../db/repositories/index.js';
import { MESSAGES } from '../../services/enrolment.service.js';
import { AppError } from '../../services/errors.js';
import { sha256 } from '../../services/tokens.js';
import { addRoute } from '../route.js';
import type { RouteOptions } from '../types.js';

/** POST /agent/enroll: authenticated by the enrolment token in the body (not a session). */
export const agentEnrollRoutes: FastifyPluginAsync<RouteOptions> = async (app, { organisations }) => {
  // The token decides the organisation (console-wide look-up by its hash).
  addRoute(app, enrolmentApi.enroll, { bodyLimit: 64 * 1024 }, async (request) => {
    const token = consoleWide(organisations.for(1).ctx.db).enrolmentTokenByHash(sha256(request.body.token));
    if (!token) {
      // No organisation to record it in: a console-wide audit row, as for other refusals before one is known.
      organisations.consoleWideAudit.record(`agent:${request.ip}`, 'enrolment.refused', null, {
        reason: MESSAGES.unknown,
        hostname: request.body.hostname.slice(0, 100),
      });
      throw new AppError(401, MESSAGES.unknown);
    }
    return organisations.for(token.organisationId).enrolment.enroll(request.body, request.ip);
  });
};
