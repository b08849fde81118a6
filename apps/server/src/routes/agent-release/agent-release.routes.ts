import type { FastifyPluginAsync } from 'fastify';
import { agentReleaseApi, type AgentReleaseInfo } from '@safefleet/protocol';
import { actorOf, consoleOrigin } from '../http.js';
import { addRoute } from '../route.js';
import type { RouteOptions } from '../types.js';

/**
 * GET /api/agent-release → AgentReleaseInfo (any signed-in user): the version this console serves,
 *   each program's SHA-256 (the install lines carry it), and whether updates are held.
 * PUT /api/agent-release/hold {hold} (IT lead) → AgentReleaseInfo: hold or release updates fleet-wide.
 */
export const agentReleaseRoutes: FastifyPluginAsync<RouteOptions> = async (app, { services }) => {
  const info = (origin: string): AgentReleaseInfo => {
    const r = services.agentRelease.release();
    return {
      version: r?.version ?? null,
      builtAt: r?.builtAt ?? null,
      downloadsUrl: `${origin}/downloads/agent`,
      files: r ? [...r.files.values()].map(({ target, file, size, sha256 }) => ({ target, file, size, sha256 })) : [],
      refused: r?.refused ?? [],
      hold: services.agentRelease.isHeld(),
    };
  };

  addRoute(app, agentReleaseApi.info, async (request) => info(consoleOrigin(services.ctx.config, request)));

  addRoute(app, agentReleaseApi.hold, { roles: ['admin'] }, async (request) => {
    services.agentRelease.setHold(request.body.hold, actorOf(request));
    return info(consoleOrigin(services.ctx.config, request));
  });
};
