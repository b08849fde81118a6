import type { FastifyPluginAsync } from 'fastify';
import { tabletsApi } from '@safefleet/protocol';
import { actorOf, consoleOrigin } from '../http.js';
import { addRoute } from '../route.js';
import type { RouteOptions } from '../types.js';

/** /api/tablets: MDM connectors, CSV import, keeper tablets and their check-in links (IT lead only). */
export const tabletsRoutes: FastifyPluginAsync<RouteOptions> = async (app, { services }) => {
  const admin = { roles: ['admin' as const] };
  const t = services.tablets;

  addRoute(app, tabletsApi.connectors, admin, async () => t.connectors.list());
  addRoute(app, tabletsApi.configureConnector, admin, async (request) =>
    t.connectors.configure(request.params.provider, request.body, actorOf(request)),
  );
  addRoute(app, tabletsApi.syncConnector, admin, async (request) => t.connectors.sync(request.params.provider, actorOf(request)));
  addRoute(app, tabletsApi.importCsv, admin, async (request) => t.csv.importCsv(request.body.csv, actorOf(request)));
  addRoute(app, tabletsApi.create, admin, async (request) =>
    t.checkins.createTablet(request.body, actorOf(request), consoleOrigin(services.ctx.config, request)),
  );
  addRoute(app, tabletsApi.keeperTablets, admin, async () => t.checkins.keeperTablets());
  addRoute(app, tabletsApi.checkinLink, admin, async (request) =>
    t.checkins.createLink(request.params.id, actorOf(request), consoleOrigin(services.ctx.config, request)),
  );
};
