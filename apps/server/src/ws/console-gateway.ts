import type { FastifyPluginAsync } from 'fastify';
import { CONSOLE_CLOSE_CODES, CONSOLE_WS_PATH, SESSION_COOKIE } from '@safefleet/protocol';
import { sessionRefusalAudit } from '../routes/auth/session.hook.js';
import type { RouteOptions } from '../routes/types.js';
import type { ServerEvents } from '../services/events.js';
import { ConsoleHub } from './console-hub.js';

export interface ConsoleGatewayOptions extends RouteOptions {
  /** Protocol ping interval (tests shorten it). */
  pingMs?: number;
  /** Live events of other console processes (src/cluster). */
  remoteEvents?: ServerEvents;
}

/**
 * GET /ws/console: live updates for the web console. The session cookie is checked before the
 * upgrade (HTTP 401 without a valid one); any role may connect. See protocol console-events.ts.
 */
export const consoleGateway: FastifyPluginAsync<ConsoleGatewayOptions> = async (app, { organisations, pingMs, remoteEvents }) => {
  const services = organisations.for(1);
  const hub = new ConsoleHub(organisations, app.log, pingMs, remoteEvents);
  app.addHook('onClose', async () => hub.stop());

  const auditRefusal = sessionRefusalAudit({ audit: organisations.consoleWideAudit } as unknown as Pick<typeof services, 'audit'>);
  app.addHook('onRequest', async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    const user = token ? services.auth.resolve(token) : null;
    if (!user) {
      if (token) auditRefusal(request);
      return reply.code(401).send({ error: 'Sign in to use the console' });
    }
    request.user = user;
    return undefined;
  });

  app.get(CONSOLE_WS_PATH, { websocket: true }, (socket, request) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!request.user || !token) {
      socket.close(CONSOLE_CLOSE_CODES.unauthorized, 'sign in first');
      return;
    }
    hub.add(socket, request.user, token);
  });
};
