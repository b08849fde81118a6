import { Alert, AlertList, AlertListQuery, AlertPage, AlertPageQuery } from '../alerts.js';
import { defineRoute, pathParams } from '../route.js';

/** Alerts (any signed-in role; viewers see safeguarding alerts redacted). */
export const alertsApi = {
  list: defineRoute({ method: 'GET', path: '/api/alerts', summary: 'Alerts, newest first', query: AlertListQuery, response: AlertList }),
  page: defineRoute({
    method: 'GET',
    path: '/api/alerts/page',
    summary: 'Alerts, newest first, one page with the true total',
    query: AlertPageQuery,
    response: AlertPage,
  }),
  detail: defineRoute({ method: 'GET', path: '/api/alerts/:id', summary: 'One alert', params: pathParams('id'), response: Alert }),
};
