import type { FastifyPluginAsync } from 'fastify';
import { catalogueApi } from '@safefleet/protocol';
import { catalogueApps } from '../../services/catalogue.js';
import { addRoute } from '../route.js';
import type { RouteOptions } from '../types.js';

/** GET /api/catalogue: the social & messaging apps exceptions and roles can name. */
export const catalogueRoutes: FastifyPluginAsync<RouteOptions> = async (app) => {
  const apps = catalogueApps();
  addRoute(app, catalogueApi.list, async () => apps);
};
