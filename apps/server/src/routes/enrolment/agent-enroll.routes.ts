import type { FastifyPluginAsync } from 'fastify';
import { enrolmentApi } from '@safefleet/protocol';
import { addRoute } from '../route.js';
import type { RouteOptions } from '../types.js';

/** POST /agent/enroll: authenticated by the enrolment token in the body (not a session). */
export const agentEnrollRoutes: FastifyPluginAsync<RouteOptions> = async (app, { services }) => {
  addRoute(app, enrolmentApi.enroll, { bodyLimit: 64 * 1024 }, async (request) => services.enrolment.enroll(request.body, request.ip));
};
