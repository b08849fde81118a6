import type { FastifyPluginAsync } from 'fastify';
import { reportApi, type UserRole } from '@safefleet/protocol';
import { renderReportPdf } from '../../services/report/report-pdf.js';
import { visibleTrusteesReport } from '../../services/visibility.service.js';
import { currentUser } from '../http.js';
import { addRoute } from '../route.js';
import type { RouteOptions } from '../types.js';

/**
 * /api/report (JSON) and /api/report/pdf: the trustees' report for a quarter or period, made on the
 * server. Every role may read it; what a viewer gets is decided by visibility.service.
 */
export const reportRoutes: FastifyPluginAsync<RouteOptions> = async (app, { services }) => {
  const build = (
    user: { email: string; role: UserRole },
    query: { quarter?: string | undefined; from?: string | undefined; to?: string | undefined; preparer?: string | undefined },
  ) => visibleTrusteesReport(user.role, services.report.build(query, { preparedBy: query.preparer || user.email, includeExceptions: true }));

  addRoute(app, reportApi.get, async (request) => build(currentUser(request), request.query));

  addRoute(app, reportApi.pdf, async (request, reply) => {
    const report = build(currentUser(request), request.query);
    const logo = services.organisation.settings().logoDataUrl;
    const pdf = await renderReportPdf(report, logo);
    const name = `safefleet-report-${report.period.from}-to-${report.period.to}.pdf`;
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('cache-control', 'no-store')
      .send(pdf);
  });
};
