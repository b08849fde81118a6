import type { FastifyPluginAsync } from 'fastify';
import { organisationsApi, SESSION_COOKIE } from '@safefleet/protocol';
import { OrganisationsService } from '../../services/organisations.service.js';
import { currentUser } from '../http.js';
import { addRoute } from '../route.js';
import type { RouteOptions } from '../types.js';

/**
 * The caller's organisations (protected scope): GET/POST /api/organisations, POST /api/auth/organisation
 * (switch the session's organisation) and GET /api/provider/overview. Each works from the caller's
 * memberships, never from an organisation id the caller could pick without one.
 */
export const organisationsRoutes: FastifyPluginAsync<RouteOptions> = async (app, { organisations }) => {
  const orgs = new OrganisationsService(organisations);

  addRoute(app, organisationsApi.list, async (request) => orgs.memberships(currentUser(request).id));

  addRoute(app, organisationsApi.create, async (request) => orgs.create(currentUser(request), request.body.name));

  addRoute(app, organisationsApi.switch, async (request) => {
    const user = organisations.for(1).auth.switchOrganisation(request.cookies[SESSION_COOKIE] ?? '', request.body.organisationId);
    return orgs.me(user, organisations.for(user.organisationId).consoleUsers.firstRun());
  });

  addRoute(app, organisationsApi.providerOverview, async (request) => orgs.overview(currentUser(request)));
};
