import type { FastifyPluginAsync } from 'fastify';
import { AppError } from '../../services/errors.js';
import type { RouteOptions } from '../types.js';

const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'";

/**
 * GET /keeper/:token — the keeper's own page from the signed link in their email (no sign-in).
 * A forged, malformed or expired link answers 403 with a short page saying so.
 */
export const keeperRoutes: FastifyPluginAsync<RouteOptions> = async (app, { services }) => {
  app.get<{ Params: { token: string } }>('/keeper/:token', async (request, reply) => {
    reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', PAGE_CSP)
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer');
    try {
      return reply.send(services.keeperPage.html(request.params.token));
    } catch (err) {
      if (err instanceof AppError && err.statusCode === 403) {
        return reply
          .code(403)
          .send(
            `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Link not valid — Safefleet</title></head><body><h1>${err.message}</h1></body></html>`,
          );
      }
      throw err;
    }
  });
};
