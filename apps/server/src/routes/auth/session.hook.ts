import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '@safefleet/protocol';
import type { Services } from '../../services/index.js';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Writes a viewer may make: only on their own account. */
const VIEWER_WRITES = new Set(['/api/auth/password']);

/**
 * onRequest hook of the protected /api scope: a valid session cookie or 401; viewers may only read
 * (403 on any write but changing their own password). Finer role checks sit on each route (requireRole).
 */
export function sessionHook(services: Services) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const token = request.cookies[SESSION_COOKIE];
    const user = token ? services.auth.resolve(token) : null;
    if (!user) return reply.code(401).send({ error: 'Sign in to use the console' });
    request.user = user;
    if (user.role === 'viewer' && !READ_METHODS.has(request.method) && !VIEWER_WRITES.has(request.routeOptions.url ?? '')) {
      return reply.code(403).send({ error: 'Your role (viewer) can look but not change anything' });
    }
    return undefined;
  };
}
