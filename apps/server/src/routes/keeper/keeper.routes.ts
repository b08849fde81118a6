import type { FastifyPluginAsync } from 'fastify';
import { AppError } from '../../services/errors.js';
import type { RouteOptions } from '../types.js';

const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'";

/**
 * GET /keeper/:token — the keeper's own page from the signed link in their email (no sign-in).
 * A forged, malformed or expired link answers 403 with a short page saying so.
 */
export const keeperRoutes: FastifyPluginAsync<RouteOptions> = async (app, { organisations }) => {
  // Each organisation signs its keepers' links with its own key: the link belongs to the organisation
  // whose key verifies it (the others answer 403 "not valid", as for a forged link).
  const page = (token: string): string => {
    let refusal: unknown;
    for (const s of organisations.all()) {
      try {
        return s.keeperPage.html(token);
      } catch (err) {
        if (!(err instanceof AppError && err.statusCode === 403)) throw err;
        // An expired link of the right organisation says so rather than "not valid".
        if (!refusal || /expired/.test((err as AppError).message)) refusal = err;
      }
    }
    throw refusal ?? new AppError(403, 'This link is not valid.');
  };
  app.get<{ Params: { token: string } }>('/keeper/:token', async (request, reply) => {
    reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', PAGE_CSP)
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer');
    try {
      return reply.send(page(request.params.token));
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
