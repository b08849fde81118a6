import type { FastifyPluginAsync } from 'fastify';
import { tabletsApi } from '@safefleet/protocol';
import { actorOf, consoleOrigin } from '../http.js';
import { addRoute } from '../route.js';
import type { RouteOptions } from '../types.js';

/** /api/tablets: MDM connectors, CSV import, keeper tablets and their check-in links (IT lead only). */
export const tabletsRoutes: FastifyPluginAsync<RouteOptions> = async (app, { services }) => {
  const admin = { roles: ['admin' as const] };

  addRoute(app, tabletsApi.connectors, admin, async () => services.tablets.connectors.list());
  addRoute(app, tabletsApi.configureConnector, admin, async (request) =>
    services.tablets.connectors.configure(request.params.provider, request.body, actorOf(request)),
  );
  addRoute(app, tabletsApi.syncConnector, admin, async (request) => services.tablets.connectors.sync(request.params.provider, actorOf(request)));
  addRoute(app, tabletsApi.importCsv, admin, async (request) => services.tablets.csv.importCsv(request.body.csv, actorOf(request)));
  addRoute(app, tabletsApi.create, admin, async (request) =>
    services.tablets.checkins.createTablet(request.body, actorOf(request), consoleOrigin(services.ctx.config, request)),
  );
  addRoute(app, tabletsApi.keeperTablets, admin, async () => services.tablets.checkins.keeperTablets());
  addRoute(app, tabletsApi.checkinLink, admin, async (request) =>
    services.tablets.checkins.createLink(request.params.id, actorOf(request), consoleOrigin(services.ctx.config, request)),
  );
};
