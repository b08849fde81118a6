import type { FastifyPluginAsync } from 'fastify';
import { organisationApi } from '@safefleet/protocol';
import { actorOf } from '../http.js';
import { addRoute } from '../route.js';
import type { RouteOptions } from '../types.js';

/** /api/organisation (every role reads; the IT lead changes) and its security reviews. */
export const organisationRoutes: FastifyPluginAsync<RouteOptions> = async (app, { services }) => {
  addRoute(app, organisationApi.get, async () => services.organisation.view());
  addRoute(app, organisationApi.update, { roles: ['admin'], bodyName: 'organisation settings', bodyLimit: 400_000 }, async (request) =>
    services.organisation.update(request.body, actorOf(request)),
  );
  addRoute(app, organisationApi.uploadBankHolidays, { roles: ['admin'], bodyName: 'bank holiday file', bodyLimit: 1_000_000 }, async (request) =>
    services.organisation.uploadBankHolidays(request.body, actorOf(request)),
  );
  addRoute(app, organisationApi.reviews, { roles: ['admin', 'dsl'] }, async () => services.organisation.reviews());
  addRoute(app, organisationApi.addReview, { roles: ['admin'], bodyName: 'security review' }, async (request) =>
    services.organisation.addReview(request.body, actorOf(request)),
  );
};
