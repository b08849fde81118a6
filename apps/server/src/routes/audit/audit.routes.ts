import type { FastifyPluginAsync } from 'fastify';
import { AuditQuery } from '@safefleet/protocol';
import { parseWith, requireRead } from '../http.js';
import type { RouteOptions } from '../types.js';

/** GET /api/audit?limit=&before=&target= (admin or DSL): the audit trail, newest first. */
export const auditRoutes: FastifyPluginAsync<RouteOptions> = async (app, { services }) => {
  app.get('/', { preHandler: requireRead('audit') }, async (request) =>
    services.audit.list(parseWith(AuditQuery, request.query, 'query')),
  );
};
