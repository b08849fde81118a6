import { MeResponse } from '../session.js';
import { CreateOrganisationRequest, OrganisationMembership, ProviderOverview, SwitchOrganisationRequest } from '../organisations.js';
import { defineRoute } from '../route.js';

/** Organisations: the caller's memberships, switching the session's organisation, the provider's overview. */
export const organisationsApi = {
  switch: defineRoute({
    method: 'POST',
    path: '/api/auth/organisation',
    summary: 'Act in another organisation the caller belongs to (404 when not a member); closes the session’s live sockets (4409)',
    body: SwitchOrganisationRequest,
    response: MeResponse,
  }),
  list: defineRoute({
    method: 'GET',
    path: '/api/organisations',
    summary: 'The organisations the caller belongs to, with their role in each',
    response: OrganisationMembership.array(),
  }),
  create: defineRoute({
    method: 'POST',
    path: '/api/organisations',
    summary: 'Add an organisation (provider); the caller becomes its provider',
    body: CreateOrganisationRequest,
    status: 201,
    response: OrganisationMembership,
  }),
  providerOverview: defineRoute({
    method: 'GET',
    path: '/api/provider/overview',
    summary: 'Every organisation where the caller is provider: compliance, open alerts, open concerns (counts only)',
    response: ProviderOverview,
  }),
};
