import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { adminCookie, createTestServer, type TestServer } from '../test-support/harness.js';

const INDEX = '<!doctype html><html><body><div id="root"></div><script type="module" src="/assets/app-abc123.js"></script></body></html>';
const BIG_JS = `console.log(${JSON.stringify('safefleet '.repeat(500))});\n//# sourceMappingURL=app-abc123.js.map\n`;

describe('security headers, unknown paths, source maps and compression', () => {
  let dist: string;
  let t: TestServer | undefined;
  beforeAll(() => {
    dist = mkdtempSync(join(tmpdir(), 'safefleet-web-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), INDEX);
    writeFileSync(join(dist, 'assets', 'app-abc123.js'), BIG_JS);
    writeFileSync(join(dist, 'assets', 'app-abc123.js.map'), '{"version":3,"sources":["../src/secret.ts"]}');
  });
  afterAll(() => rmSync(dist, { recursive: true, force: true }));
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('sends a strict CSP and the helmet headers on pages, assets and the API', async () => {
    t = await createTestServer({ app: { webDir: dist } });
    for (const url of ['/', '/devices', '/assets/app-abc123.js', '/healthz', '/api/devices']) {
      const res = await t.app.inject({ url });
      const csp = res.headers['content-security-policy'];
      expect(csp, url).toBe(
        "default-src 'self';script-src 'self';style-src 'self';img-src 'self' data:;font-src 'self';connect-src 'self';object-src 'none';base-uri 'self';form-action 'self';frame-ancestors 'none'",
      );
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['x-frame-options'], url).toBeDefined();
      expect(res.headers['referrer-policy'], url).toBe('same-origin');
      expect(res.headers['cross-origin-opener-policy'], url).toBe('same-origin');
      // Plain HTTP on loopback: no HSTS, no upgrade-insecure-requests.
      expect(res.headers['strict-transport-security'], url).toBeUndefined();
    }
  });

  it('answers 404 (never the app page) for unknown non-page paths', async () => {
    t = await createTestServer({ app: { webDir: dist } });
    const cookie = await adminCookie(t.app);
    for (const url of ['/.env', '/.git/config', '/wp-login.php', '/favicon.ico', '/devices/../.env', '/x/.htaccess', '/assets/app-abc123.js.map']) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(404);
      expect(res.body, url).not.toContain('<div id="root">');
      expect(res.body, url).not.toContain('sourceRoot');
    }
    expect((await t.app.inject({ url: '/api/nope', headers: { cookie } })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/nope' })).statusCode).toBe(401);
    // Pages still work, including reloads of deep links.
    for (const url of ['/', '/devices/0b6d7c7e-1f5a-4c1e-9d7a-2f0e0e8b1c11', '/concerns/12', '/report?print=1']) {
      expect((await t.app.inject({ url })).statusCode, url).toBe(200);
    }
  });

  it('compresses responses for clients that accept it', async () => {
    t = await createTestServer({ app: { webDir: dist } });
    const res = await t.app.inject({ url: '/assets/app-abc123.js', headers: { 'accept-encoding': 'gzip' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.rawPayload.length).toBeLessThan(BIG_JS.length / 5);
    expect(gunzipSync(res.rawPayload).toString('utf8')).toBe(BIG_JS);
    const plain = await t.app.inject({ url: '/assets/app-abc123.js' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(BIG_JS);
  });
});
