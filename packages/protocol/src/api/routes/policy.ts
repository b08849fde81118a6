import { PolicySettings } from '../../compliance.js';
import { defineRoute } from '../route.js';

export const policyApi = {
  get: defineRoute({ method: 'GET', path: '/api/policy', summary: 'The policy settings', response: PolicySettings }),
  update: defineRoute({
    method: 'PUT',
    path: '/api/policy',
    summary: 'Change the policy (admin); re-evaluates every device',
    body: PolicySettings,
    response: PolicySettings,
  }),
};
