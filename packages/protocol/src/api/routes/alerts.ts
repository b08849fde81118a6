import { Alert, AlertList, AlertListQuery } from '../alerts.js';
import { defineRoute, pathParams } from '../route.js';

/** Alerts (any signed-in role; viewers see safeguarding alerts redacted). */
export const alertsApi = {
  list: defineRoute({ method: 'GET', path: '/api/alerts', summary: 'Alerts, newest first', query: AlertListQuery, response: AlertList }),
  detail: defineRoute({ method: 'GET', path: '/api/alerts/:id', summary: 'One alert', params: pathParams('id'), response: Alert }),
};
