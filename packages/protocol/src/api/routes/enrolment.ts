import { z } from 'zod';
import { CreateEnrolmentTokenRequest, EnrollRequest, EnrollResponse, EnrolmentToken, EnrolmentTokenSummary } from '../enrolment.js';
import { defineRoute, pathParams } from '../route.js';

export const enrolmentApi = {
  createToken: defineRoute({
    method: 'POST',
    path: '/api/enrolment-tokens',
    summary: 'Create an enrolment string (admin)',
    body: CreateEnrolmentTokenRequest.prefault({}),
    status: 201,
    response: EnrolmentToken,
  }),
  listTokens: defineRoute({
    method: 'GET',
    path: '/api/enrolment-tokens',
    summary: 'Enrolment strings with uses left, expiry and state (admin)',
    response: z.array(EnrolmentTokenSummary),
  }),
  revokeToken: defineRoute({
    method: 'DELETE',
    path: '/api/enrolment-tokens/:id',
    summary: 'Revoke an enrolment string (admin)',
    params: pathParams('id'),
    response: EnrolmentTokenSummary,
  }),
  /** Called by the agent, authenticated by the enrolment token in the body (not a session). */
  enroll: defineRoute({ method: 'POST', path: '/agent/enroll', summary: 'Enrol a device (agent)', body: EnrollRequest, response: EnrollResponse }),
};
