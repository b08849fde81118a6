import { FleetSummary } from '../fleet.js';
import { FleetTrend, FleetTrendQuery } from '../trend.js';
import { defineRoute } from '../route.js';

export const fleetApi = {
  summary: defineRoute({ method: 'GET', path: '/api/fleet/summary', summary: 'Fleet summary', response: FleetSummary }),
  trend: defineRoute({ method: 'GET', path: '/api/fleet/trend', summary: 'Compliance trend by day', query: FleetTrendQuery, response: FleetTrend }),
};
