import { CreateEnrolmentTokenRequest, EnrollRequest, EnrollResponse, EnrolmentToken } from '../enrolment.js';
import { defineRoute } from '../route.js';

export const enrolmentApi = {
  createToken: defineRoute({
    method: 'POST',
    path: '/api/enrolment-tokens',
    summary: 'Create an enrolment string (admin)',
    body: CreateEnrolmentTokenRequest.prefault({}),
    status: 201,
    response: EnrolmentToken,
  }),
  /** Called by the agent, authenticated by the enrolment token in the body (not a session). */
  enroll: defineRoute({ method: 'POST', path: '/agent/enroll', summary: 'Enrol a device (agent)', body: EnrollRequest, response: EnrollResponse }),
};
