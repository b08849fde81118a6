import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../../test-support/harness.js';

/** `GET /api/users/:id` → `GET /api/users/{id}` (OpenAPI's way), without a trailing slash. */
function key(method: string, url: string): string {
  const path = url.replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/(.)\/$/, '$1');
  return `${method.toUpperCase()} ${path}`;
}

describe('GET /api/openapi.json', () => {
  let t: TestServer;
  let webDir: string;
  const registered: RouteOptions[] = [];

  beforeAll(async () => {
    // A built web console, so its static-file routes exist too (and must stay out of the document).
    webDir = mkdtempSync(join(tmpdir(), 'safefleet-openapi-web-'));
    mkdirSync(join(webDir, 'assets'));
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Safefleet</title>');
    writeFileSync(join(webDir, 'assets', 'app-1234.js'), 'console.log(1)');
    t = await createTestServer({ app: { webDir, onRoute: (route) => registered.push(route) } });
  });
  afterAll(async () => {
    await t.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  it('answers JSON without a session, and it validates as OpenAPI 3.1', async () => {
    const res = await t.app.inject({ url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const validator = new Validator();
    const result = await validator.validate(res.json());
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('lists every route the server registers, and nothing else', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const documented = new Set(Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => key(method, path))));

    expect(Object.keys(doc.paths).filter((p) => p.endsWith('/'))).toEqual([]);
    const expected = new Set<string>();
    const left: string[] = [];
    for (const route of registered) {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const method of methods) {
        // Left out on purpose, each for a reason:
        // - HEAD: Fastify adds one for every GET by itself; it is the GET without a body.
        if (method === 'HEAD') continue;
        // - WebSocket routes (/ws/agent, /ws/console): OpenAPI cannot describe a socket's messages
        //   (those are the protocol's message schemas).
        if ((route as RouteOptions & { websocket?: boolean }).websocket) {
          left.push(key(method, route.url));
          continue;
        }
        // - The web console's static files (@fastify/static marks them hidden): pages, not API.
        if (route.schema?.hide) {
          left.push(key(method, route.url));
          continue;
        }
        expected.add(key(method, route.url));
      }
    }
    // The exclusions above did apply to something real.
    expect(left).toEqual(expect.arrayContaining(['GET /ws/agent', 'GET /ws/console', 'GET /index.html', 'GET /assets/app-1234.js']));
    expect(expected.size).toBeGreaterThan(40);
    expect([...expected].filter((k) => !documented.has(k)).sort()).toEqual([]);
    expect([...documented].filter((k) => !expected.has(k)).sort()).toEqual([]);
  });

  it('describes a declared route with its schemas', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json() as {
      paths: Record<
        string,
        Record<string, { parameters?: { name: string; in: string }[]; requestBody?: unknown; responses: Record<string, unknown> }>
      >;
    };
    const patch = doc.paths['/api/users/{id}']?.patch;
    expect(patch?.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'id', in: 'path' })]));
    expect(patch?.requestBody).toBeDefined();
    expect(Object.keys(patch?.responses ?? {})).toContain('200');
    expect(Object.keys(doc.paths['/api/users']?.post?.responses ?? {})).toContain('201');
  });
});
