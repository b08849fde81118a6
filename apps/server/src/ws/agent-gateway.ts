import type { FastifyPluginAsync } from 'fastify';
import { CLOSE_CODES } from '@safefleet/protocol';
import type { RouteOptions } from '../routes/types.js';
import { AgentConnection } from './agent-connection.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated agent (set by the gateway's onRequest hook). */
    agentDevice?: { id: string; organisationId: number; revoked: boolean };
  }
}

/**
 * GET /ws/agent: the agents' WebSocket. Credentials ("Authorization: Bearer <deviceId>.<secret>")
 * are checked before the upgrade (401 otherwise). A revoked device is upgraded and closed at once
 * with CLOSE_CODES.revoked, so the agent can tell "removed from the console" from a typo.
 */
export const agentGateway: FastifyPluginAsync<RouteOptions> = async (app, { organisations }) => {
  // Agent sign-in is console-wide (the device tells the organisation); the connection then uses the
  // device's organisation's services only, for everything the agent sends.
  const services = organisations.for(1);
  app.addHook('onRequest', async (request, reply) => {
    const auth = services.agentAuth.authenticate(request.headers.authorization);
    if (!auth.ok) {
      request.log.warn({ ip: request.ip, reason: auth.error }, 'refused an agent connection');
      organisations.consoleWideAudit.record(`agent:${request.ip}`, 'agent.refused', null, { reason: auth.error });
      return reply.code(401).send({ error: auth.error });
    }
    if (!auth.revoked && !services.registry.limits.mayConnect(auth.deviceId)) {
      request.log.warn({ deviceId: auth.deviceId }, 'refused an agent connection: the device is over its message allowance');
      return reply.code(429).send({ error: 'this device sent more than its share; try again later' });
    }
    request.agentDevice = { id: auth.deviceId, organisationId: auth.organisationId, revoked: auth.revoked };
    return undefined;
  });

  app.get('/ws/agent', { websocket: true }, (socket, request) => {
    const device = request.agentDevice;
    if (!device) {
      socket.close(CLOSE_CODES.unauthorized, 'unauthorized');
      return;
    }
    if (device.revoked) {
      organisations.for(device.organisationId).audit.record(`device:${device.id}`, 'agent.refused', device.id, { reason: 'device revoked' });
      socket.close(CLOSE_CODES.revoked, 'device revoked');
      return;
    }
    new AgentConnection(socket, device.id, organisations.for(device.organisationId), request.log).start();
  });
};
