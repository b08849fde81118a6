import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * apps/web/dist, found from this file: src/routes/web/ and dist/routes/web/ are both four levels
 * below apps/, so the same relative path works from source (tsx, vitest) and from the build.
 */
export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../../../web/dist', import.meta.url));

/** The built web console: an explicit option, else SAFEFLEET_WEB_DIR, else apps/web/dist. */
export function resolveWebDir(override?: string): string {
  return resolve(override ?? process.env.SAFEFLEET_WEB_DIR ?? DEFAULT_WEB_DIR);
}

/** Paths the web app never owns: they answer JSON 404s, never index.html. */
const RESERVED = ['/api', '/ws', '/agent', '/healthz'];

function isReserved(path: string): boolean {
  return RESERVED.some((p) => path === p || path.startsWith(`${p}/`));
}

/**
 * A path the web app may own (its pages, e.g. /devices/<id>): plain segments of letters, digits,
 * '-', '_', '~' and '%' only. Anything with a dot (/.env, /.git/config, /wp-login.php, a missing
 * /favicon.ico) is not a page and answers 404, never the app.
 */
export function isPagePath(path: string): boolean {
  const segments = path.split('/').slice(1);
  return segments.every((s, i) => /^[A-Za-z0-9_~%-]+$/.test(s) || (s === '' && i === segments.length - 1));
}

/** Source maps are built for local debugging but never served: they would publish the source. */
function isServable(pathName: string): boolean {
  return !pathName.endsWith('.map');
}

export const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Safefleet</title></head>
<body><h1>Safefleet console</h1>
<p>The console server is running, but the web console is not built.</p>
<p>Run <code>npm run build</code> in the Safefleet folder, then restart the console. The API answers at /api and /healthz.</p>
</body></html>
`;

const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
};

function setHeaders(res: { setHeader(name: string, value: string): unknown }, path: string): void {
  // Vite names assets by content hash, so they never change; index.html must always be fresh.
  const hashed = path.split(/[\\/]/).includes('assets');
  res.setHeader('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
}

/**
 * Serves the built web console at / and answers index.html for any other GET outside /api, /ws,
 * /agent and /healthz (the app's own routes, e.g. /devices/<id>), so reloading any page works.
 * Without a build, / and those paths say the web console is not built. Sets the root 404 handler.
 */
export async function registerWebConsole(app: FastifyInstance, options: { webDir?: string } = {}): Promise<void> {
  const root = resolveWebDir(options.webDir);
  const built = existsSync(join(root, 'index.html'));
  if (built) {
    // wildcard: false registers one route per file at start, so unknown paths reach the 404 handler.
    await app.register(fastifyStatic, { root, wildcard: false, cacheControl: false, setHeaders, allowedPath: isServable });
  } else {
    app.log.warn({ webDir: root }, 'the web console is not built (run npm run build); serving a placeholder page');
  }

  app.setNotFoundHandler(async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? '/';
    const isPage = (request.method === 'GET' || request.method === 'HEAD') && !isReserved(path) && !path.startsWith('/assets/') && isPagePath(path);
    if (!isPage) return reply.code(404).send({ error: 'Not found' });
    reply.headers({ ...SECURITY_HEADERS, 'cache-control': 'no-cache' });
    if (!built) return reply.type('text/html; charset=utf-8').send(NOT_BUILT_PAGE);
    return reply.type('text/html; charset=utf-8').sendFile('index.html');
  });
}
