import type { FastifyPluginAsync } from 'fastify';
import { checkinApi } from '@safefleet/protocol';
import { createHash } from 'node:crypto';
import { consoleWide } from '../../db/repositories/index.js';
import { addRoute } from '../route.js';
import type { RouteOptions } from '../types.js';
import { CHECKIN_PAGE_HTML, CHECKIN_PAGE_JS } from './checkin.page.js';

const PAGE_CSP =
  "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * The keeper's check-in page (no sign-in: the link's token is the key; only its hash is stored).
 * GET /checkin/:token (page), GET /checkin/:token/state, POST /checkin/:token (answers), and the
 * page's script /checkin/app.js (a file, so the CSP allows no inline script). Declared in the
 * protocol (checkinApi), so the answers are validated and described in /api/openapi.json.
 */
export const checkinRoutes: FastifyPluginAsync<RouteOptions> = async (app, { organisations, services }) => {
  // The link's organisation is found from its token alone (console-wide look-up); an unknown link
  // goes to organisation 1's service, which answers it as gone like any unknown link.
  const checkins = (token: string) => {
    const link = consoleWide(services.ctx.db).checkinLinkByToken(createHash('sha256').update(token).digest('hex'));
    return organisations.for(link?.organisationId ?? 1).tablets.checkins;
  };
  const noStore = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer', 'content-security-policy': PAGE_CSP };

  addRoute(app, checkinApi.script, async (_request, reply) =>
    reply.headers({ 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' }).send(CHECKIN_PAGE_JS),
  );
  addRoute(app, checkinApi.page, async (_request, reply) =>
    reply.headers({ 'content-type': 'text/html; charset=utf-8', ...noStore }).send(CHECKIN_PAGE_HTML),
  );
  addRoute(app, checkinApi.state, async (request, reply) => {
    reply.headers(noStore);
    return checkins(request.params.token).state(request.params.token);
  });
  addRoute(app, checkinApi.submit, { bodyName: 'check-in answer', bodyLimit: 64 * 1024 }, async (request, reply) => {
    reply.headers(noStore);
    return checkins(request.params.token).submit(request.params.token, request.body);
  });
};
