import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SessionUser, UserRole } from '@safefleet/protocol';
import { servesHttps, type ServerConfig } from '../config.js';
import { AppError, forbidden } from '../services/errors.js';
import { actsAs, mayRead, type ReadScope } from '../services/visibility.service.js';

/** The signed-in console user and the organisation their session acts in (`role` is their role there). */
export type ConsoleSessionUser = SessionUser & { organisationId: number };

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in console user (set by the session hook in the /api scope). */
    user: ConsoleSessionUser | null;
  }
}

/** Minimal structural view of a zod schema (the protocol's schemas), so routes need no zod import. */
interface Schema<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false; error: { issues: unknown[] } };
}

/** Validates a body with a protocol schema; 400 {error, issues} otherwise. */
export function parseWith<T>(schema: Schema<T>, data: unknown, what = 'request body'): T {
  const r = schema.safeParse(data);
  if (!r.success) throw new AppError(400, `The ${what} is not valid`, { issues: r.error.issues });
  return r.data;
}

export function currentUser(request: FastifyRequest): ConsoleSessionUser {
  if (!request.user) throw new AppError(401, 'Sign in first');
  return request.user;
}

/** preHandler allowing only the given roles. */
export function requireRole(...roles: UserRole[]) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const user = currentUser(request);
    if (!actsAs(user.role, roles)) throw forbidden();
  };
}

/** preHandler allowing the roles that may read `scope` (services/visibility.service.ts decides). */
export function requireRead(scope: ReadScope) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const user = currentUser(request);
    if (!mayRead(user.role, scope)) {
      request.server.organisations.for(user.organisationId).audit.record(`user:${user.email}`, 'access.refused', request.url.slice(0, 200), {
        method: request.method,
        role: user.role,
        scope,
      });
      throw forbidden();
    }
  };
}

export function actorOf(request: FastifyRequest): string {
  return request.user ? `user:${request.user.email}` : 'anonymous';
}

/**
 * The console URL handed to agents and people: --public-url, which is required off loopback; on
 * loopback without it, the address the console listens on. Never built from the Host header.
 */
export function consoleOrigin(config: ServerConfig, request: FastifyRequest): string {
  if (config.publicUrl) return config.publicUrl;
  const address = request.server.server.address();
  const port = address && typeof address === 'object' ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return `${servesHttps(config) ? 'https' : 'http'}://${host}:${port}`;
}
