import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '@safefleet/protocol';
import type { ServicesByOrganisation } from '../services/index.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** What a browser says with Sec-Fetch-Site when the request comes from this console's own pages or the user. */
const SAME_SITE_FETCH = new Set(['same-origin', 'none']);

export const CROSS_SITE_MESSAGE = 'Refused: this request came from another website. Use the console itself.';

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** The console's own origins: the one this request was addressed to, and --public-url's. */
export function consoleOrigins(request: FastifyRequest, publicUrl: string | undefined): Set<string> {
  const origins = new Set<string>();
  const own = originOf(`${request.protocol}://${request.host}`);
  if (own) origins.add(own);
  const pub = publicUrl ? originOf(publicUrl) : undefined;
  if (pub) origins.add(pub);
  return origins;
}

/**
 * Why a request must be refused as cross-site, or undefined. Checked on every state-changing
 * request (with or without a body) and on every WebSocket upgrade. Browsers always send Origin on
 * those; a request with neither Origin nor a cross-site Sec-Fetch-Site is not from a browser page
 * (agents, curl, the CLI) and has no ambient cookie to abuse.
 */
export function crossSiteReason(request: FastifyRequest, publicUrl: string | undefined): string | undefined {
  const isUpgrade = request.headers.upgrade?.toLowerCase() === 'websocket';
  if (SAFE_METHODS.has(request.method) && !isUpgrade) return undefined;
  const origin = request.headers.origin;
  if (origin !== undefined) {
    if (origin === 'null') return 'Origin is null';
    return consoleOrigins(request, publicUrl).has(originOf(origin) ?? origin) ? undefined : `Origin ${origin} is not this console`;
  }
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string' && !SAME_SITE_FETCH.has(site)) return `Sec-Fetch-Site is ${site}`;
  return undefined;
}

/**
 * CSRF protection for the whole app (onRequest, before any route or upgrade): a state-changing
 * request or a WebSocket upgrade from another origin — another site or another port of this
 * host — is refused with 403 and an audit row. The session cookie is SameSite=Lax as well, but
 * SameSite treats other ports of the same host as the same site, so the origin check is what
 * protects. Request bodies must be JSON: the text/plain parser (the one body type a cross-site
 * HTML form can send without a preflight) is removed, so Fastify answers 415 for anything else.
 */
export function registerSameOriginGuard(app: FastifyInstance, organisations: ServicesByOrganisation): void {
  const services = organisations.for(1);
  app.removeContentTypeParser('text/plain');
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const reason = crossSiteReason(request, services.ctx.config.publicUrl);
    if (!reason) return undefined;
    const token = request.cookies?.[SESSION_COOKIE];
    const user = token ? services.auth.resolve(token) : null;
    const path = request.url.split('?')[0] ?? '/';
    (user ? organisations.for(user.organisationId).audit : organisations.consoleWideAudit).record(
      user ? `user:${user.email}` : 'anonymous',
      'request.cross-site-refused',
      path.slice(0, 200),
      {
        method: request.method,
        ...(request.headers.upgrade ? { upgrade: String(request.headers.upgrade).slice(0, 40) } : {}),
        reason: reason.slice(0, 300),
        ip: request.ip,
      },
    );
    request.log.warn({ method: request.method, path, reason }, 'cross-site request refused');
    return reply.code(403).send({ error: CROSS_SITE_MESSAGE });
  });
}
