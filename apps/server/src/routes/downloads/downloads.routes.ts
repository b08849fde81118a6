import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import { agentReleaseStatement, downloadsApi } from '@safefleet/protocol';
import { AppError } from '../../services/errors.js';
import { consoleOrigin } from '../http.js';
import { addRoute } from '../route.js';
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
  const notFound = () => new AppError(404, 'No such agent program on this console: ask the IT lead to run npm run dist:agent');

  addRoute(app, downloadsApi.manifest, async (_request, reply) => {
    const r = services.agentRelease.release();
    // A published release always has its key (it was checked against it); without one, serve none.
    const publicKey = services.agentRelease.updateKey();
    if (!r || r.files.size === 0 || !publicKey) throw notFound();
    reply.header('cache-control', 'no-cache');
    return {
      product: 'safefleet-agent' as const,
      version: r.version,
      builtAt: r.builtAt,
      node: r.node,
      publicKey,
      files: [...r.files.values()],
    };
  });

  addRoute(app, downloadsApi.installScript, async (request, reply) => {
    reply.header('content-type', 'text/x-shellscript; charset=utf-8').header('cache-control', 'no-cache');
    return installScript(consoleOrigin(services.ctx.config, request));
  });

  addRoute(app, downloadsApi.program, async (request, reply) => {
    const r = services.agentRelease.release();
    const f = r?.files.get(request.params.file);
    if (!r || !f) throw notFound();
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
