import type { Services, ServicesByOrganisation } from '../services/index.js';

/** Options every route plugin receives from app.ts. */
export interface RouteOptions {
  /** The services of the organisation the request acts in (routes/organisation-scope.ts). */
  services: Services;
  /** Every organisation's services: only for console-wide routes (sign-in, switching organisation, enrolment, the agent gateway). */
  organisations: ServicesByOrganisation;
}
