import type { FastifyPluginAsync } from 'fastify';
import { concernsApi } from '@safefleet/protocol';
import { actorOf } from '../http.js';
import { numericId } from '../ids.js';
import { addRoute } from '../route.js';
import type { RouteOptions } from '../types.js';

/**
 * The safeguarding concern log: /api/concerns, /api/concerns.csv, /api/concerns/:id[/print|/assess|
 * /action|/close|/notes]. Only the roles that may read concerns (the DSL and the IT lead); a viewer
 * gets 403 even to read. Registered without a prefix so the CSV can live at /api/concerns.csv.
 */
export const concernsRoutes: FastifyPluginAsync<RouteOptions> = async (app, { services }) => {
  const readers = { read: 'concerns' as const };
  const id = (raw: string) => numericId(raw, 'Concern');

  addRoute(app, concernsApi.list, readers, async (request) => services.concerns.list(request.query));

  addRoute(app, concernsApi.csv, readers, async (request, reply) => {
    const csv = services.concerns.csv(request.query);
    const day = new Date().toISOString().slice(0, 10);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="safefleet-concerns-${day}.csv"`)
      .header('cache-control', 'no-store')
      .send(csv);
  });

  addRoute(app, concernsApi.create, readers, async (request) => services.concerns.create(request.body, actorOf(request)));

  addRoute(app, concernsApi.triage, readers, async (request) => services.concerns.triage(request.body, actorOf(request)));

  addRoute(app, concernsApi.detail, readers, async (request) => services.concerns.detail(id(request.params.id)));

  addRoute(app, concernsApi.print, readers, async (request, reply) =>
    reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      .header('cache-control', 'no-store')
      .send(services.concerns.printHtml(id(request.params.id))),
  );

  addRoute(app, concernsApi.assess, readers, async (request) => services.concerns.assess(id(request.params.id), request.body, actorOf(request)));

  addRoute(app, concernsApi.action, readers, async (request) => services.concerns.action(id(request.params.id), request.body, actorOf(request)));

  addRoute(app, concernsApi.close, readers, async (request) => services.concerns.close(id(request.params.id), request.body, actorOf(request)));

  addRoute(app, concernsApi.addNote, readers, async (request) =>
    services.concerns.addNote(id(request.params.id), request.body.note, actorOf(request)),
  );
};
