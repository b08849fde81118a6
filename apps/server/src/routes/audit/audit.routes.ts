import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { Readable } from 'node:stream';
import { auditApi } from '@safefleet/protocol';
import { actorOf } from '../http.js';
import { addRoute } from '../route.js';
import type { RouteOptions } from '../types.js';

function attachment(reply: FastifyReply, type: string, ext: string, body: Readable) {
  const day = new Date().toISOString().slice(0, 10);
  return reply
    .header('content-type', type)
    .header('content-disposition', `attachment; filename="safefleet-activity-${day}.${ext}"`)
    .header('cache-control', 'no-store')
    .send(body);
}

/**
 * GET /api/audit?limit=&before=&target= (admin or DSL): the audit trail, newest first.
 * GET /api/audit/export.csv|json (IT lead only): every matching entry as a streamed file; audited.
 */
export const auditRoutes: FastifyPluginAsync<RouteOptions> = async (app, { services }) => {
  addRoute(app, auditApi.list, { read: 'audit' }, async (request) => services.audit.list(request.query));

  addRoute(app, auditApi.exportCsv, { read: 'audit-export' }, async (request, reply) =>
    attachment(reply, 'text/csv; charset=utf-8', 'csv', services.auditExport.export('csv', request.query, actorOf(request))),
  );

  addRoute(app, auditApi.exportJson, { read: 'audit-export' }, async (request, reply) =>
    attachment(reply, 'application/json; charset=utf-8', 'json', services.auditExport.export('json', request.query, actorOf(request))),
  );
};
