import type { FastifyPluginAsync } from 'fastify';
import { EnrollRequest } from '@safefleet/protocol';
import { parseWith } from '../http.js';
import type { RouteOptions } from '../types.js';

/** POST /agent/enroll: authenticated by the enrolment token in the body (not a session). */
export const agentEnrollRoutes: FastifyPluginAsync<RouteOptions> = async (app, { services }) => {
  app.post('/enroll', { bodyLimit: 64 * 1024 }, async (request) => {
    const body = parseWith(EnrollRequest, request.body);
    return services.enrolment.enroll(body);
  });
};
