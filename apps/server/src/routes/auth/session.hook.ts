import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '@safefleet/protocol';
import type { Services, ServicesByOrganisation } from '../../services/index.js';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Writes a viewer may make: only on their own account (its password, the organisation it acts in). */
const VIEWER_WRITES = new Set(['/api/auth/password', '/api/auth/organisation']);

/** At most one audit row per client address per minute for refused session cookies (no flooding). */
const REFUSAL_AUDIT_EVERY_MS = 60_000;

/**
 * Records a request that carried a session cookie the console does not know (forged, or ended):
 * an audit row `session.refused` (throttled per address, with the number left out since) and a log
 * line. A request with no cookie at all is just someone not signed in and is not recorded.
 */
export function sessionRefusalAudit(services: Pick<Services, 'audit'>): (request: FastifyRequest) => void {
  const last = new Map<string, { at: number; skipped: number }>();
  return (request) => {
    const now = Date.now();
    const ip = request.ip;
    const seen = last.get(ip);
    if (seen && now - seen.at < REFUSAL_AUDIT_EVERY_MS) {
      seen.skipped++;
      return;
    }
    if (last.size > 10_000) last.clear();
    last.set(ip, { at: now, skipped: 0 });
    const path = (request.url.split('?')[0] ?? '/').slice(0, 200);
    services.audit.record('anonymous', 'session.refused', path, {
      method: request.method,
      ip,
      reason: 'unknown or ended session cookie',
      ...(seen?.skipped ? { alsoRefusedSinceLastRow: seen.skipped } : {}),
    });
    request.log.warn({ method: request.method, path, ip }, 'refused an unknown or ended session cookie');
  };
}

/**
 * onRequest hook of the protected /api scope: a valid session cookie or 401; viewers may only read
 * (403 on any write but changing their own password). Finer role checks sit on each route (requireRole).
 */
export function sessionHook(organisations: ServicesByOrganisation) {
  // An unknown cookie belongs to no organisation: a console-wide audit row.
  const auditRefusal = sessionRefusalAudit({ audit: organisations.consoleWideAudit } as unknown as Pick<Services, 'audit'>);
  // Sessions are console-wide (AuthService reads only users, sessions and memberships).
  const services = organisations.for(1);
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const token = request.cookies[SESSION_COOKIE];
    const user = token ? services.auth.resolve(token) : null;
    if (!user) {
      if (token) auditRefusal(request);
      return reply.code(401).send({ error: 'Sign in to use the console' });
    }
    request.user = user;
    if (user.role === 'viewer' && !READ_METHODS.has(request.method) && !VIEWER_WRITES.has(request.routeOptions.url ?? '')) {
      return reply.code(403).send({ error: 'Your role (viewer) can look but not change anything' });
    }
    return undefined;
  };
}
