import fastifyCompress from '@fastify/compress';
import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * The Content-Security-Policy the built console (React + Vite: one module script and one
 * stylesheet from /assets, an inline SVG icon as a data: URL, fetch and WebSocket to itself) runs
 * under. Nothing inline, nothing from elsewhere, not framable.
 */
export function consoleCsp(https: boolean): Record<string, string[]> {
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'"],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    // Only when the console itself speaks HTTPS: on loopback HTTP it would break every request.
    ...(https ? { upgradeInsecureRequests: [] } : {}),
  };
}

/**
 * Security headers (@fastify/helmet) and compressed responses (@fastify/compress) for every route.
 * HSTS only with an operator-provided certificate: with the generated self-signed one it would make
 * a browser's certificate warning impossible to pass, and agents pin the key anyway.
 */
export async function registerResponseHardening(app: FastifyInstance, opts: { https: boolean; hsts: boolean }): Promise<void> {
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: consoleCsp(opts.https) },
    hsts: opts.hsts ? { maxAge: 180 * 24 * 3600, includeSubDomains: false } : false,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'same-origin' },
  });
  await app.register(fastifyCompress, { global: true, threshold: 1024, encodings: ['br', 'gzip', 'deflate'] });
}
