import type { FastifyPluginAsync } from 'fastify';
import { auditApi } from '@safefleet/protocol';
import { addRoute } from '../route.js';
import type { RouteOptions } from '../types.js';

/** GET /api/audit?limit=&before=&target= (admin or DSL): the audit trail, newest first. */
export const auditRoutes: FastifyPluginAsync<RouteOptions> = async (app, { services }) => {
  addRoute(app, auditApi.list, { read: 'audit' }, async (request) => services.audit.list(request.query));
};
