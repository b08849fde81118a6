import type { FastifyPluginAsync } from 'fastify';
import { catalogueApps } from '../../services/catalogue.js';
import type { RouteOptions } from '../types.js';

/** GET /api/catalogue: the social & messaging apps exceptions and roles can name. */
export const catalogueRoutes: FastifyPluginAsync<RouteOptions> = async (app) => {
  const apps = catalogueApps();
  app.get('/', async () => apps);
};
