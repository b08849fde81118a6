import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import { agentReleaseStatement } from '@safefleet/protocol';
import { consoleOrigin } from '../http.js';
import type { RouteOptions } from '../types.js';
import { installScript } from './install-script.js';

/**
 * The single-file agent programs, without signing in (a device being installed has no session):
 *   GET /downloads/agent/manifest.json   the release: version, and per program size, SHA-256, signature
 *   GET /downloads/agent/install.sh      the macOS/Linux installer the install line pipes into sh
 *   GET /downloads/agent/<file>          a program named in the manifest (nothing else is served)
 * Only programs whose size, SHA-256 and signature the console checked are listed or served.
 */
export const downloadsRoutes: FastifyPluginAsync<RouteOptions> = async (app, { services }) => {
  const notFound = { error: 'No such agent program on this console: ask the IT lead to run npm run dist:agent' };

  app.get('/agent/manifest.json', async (_request, reply) => {
    const r = services.agentRelease.release();
    if (!r || r.files.size === 0) return reply.code(404).send(notFound);
    reply.header('cache-control', 'no-cache');
    return {
      product: 'safefleet-agent',
      version: r.version,
      builtAt: r.builtAt,
      node: r.node,
      publicKey: services.agentRelease.updateKey(),
      files: [...r.files.values()],
    };
  });

  app.get('/agent/install.sh', async (request, reply) => {
    reply.header('content-type', 'text/x-shellscript; charset=utf-8').header('cache-control', 'no-cache');
    return installScript(consoleOrigin(services.ctx.config, request));
  });

  app.get<{ Params: { file: string } }>('/agent/:file', async (request, reply) => {
    const r = services.agentRelease.release();
    const f = r?.files.get(request.params.file);
    if (!r || !f) return reply.code(404).send(notFound);
    // The statement the signature covers travels along, so a client can check before installing.
    const statement = agentReleaseStatement({ version: r.version, ...f });
    return reply
      .header('content-type', 'application/octet-stream')
      .header('content-length', String(f.size))
      .header('content-disposition', `attachment; filename="${f.file}"`)
      .header('cache-control', 'no-cache')
      .header('x-safefleet-sha256', f.sha256)
      .header('x-safefleet-signature', f.signature)
      .header('x-safefleet-statement', Buffer.from(statement).toString('base64'))
      .send(createReadStream(join(r.dir, f.file)));
  });
};
