import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../../test-support/harness.js';
import { DEFAULT_WEB_DIR, resolveWebDir } from './web.routes.js';

const INDEX = '<!doctype html><html><body><div id="root"></div><script type="module" src="/assets/app-abc123.js"></script></body></html>';

describe('the web console at /', () => {
  let dist: string;
  let t: TestServer | undefined;
  beforeAll(() => {
    dist = mkdtempSync(join(tmpdir(), 'safefleet-web-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), INDEX);
    writeFileSync(join(dist, 'assets', 'app-abc123.js'), 'console.log("safefleet")');
  });
  afterAll(() => rmSync(dist, { recursive: true, force: true }));
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('serves index.html at / and for any page path, and assets with a long cache', async () => {
    t = await createTestServer({ app: { webDir: dist } });
    for (const url of ['/', '/devices', '/devices/0b6d7c7e-1f5a-4c1e-9d7a-2f0e0e8b1c11', '/report?print=1', '/index.html']) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toMatch(/text\/html/);
      expect(res.body, url).toBe(INDEX);
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
    const asset = await t.app.inject({ url: '/assets/app-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toContain('immutable');
  });

  it('keeps /api, /ws, /agent, /healthz and missing assets out of the fallback', async () => {
    t = await createTestServer({ app: { webDir: dist } });
    expect((await t.app.inject({ url: '/api/nope' })).statusCode).toBe(401); // the session check still runs
    for (const url of ['/agent/nope', '/ws/nope', '/healthz/x', '/assets/missing.js']) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json(), url).toEqual({ error: 'Not found' });
    }
    const post = await t.app.inject({ method: 'POST', url: '/devices' });
    expect(post.statusCode).toBe(404);
    expect((await t.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
  });

  it('says the web console is not built (and how to build it) when the folder has no index.html', async () => {
    t = await createTestServer({ app: { webDir: join(dist, 'nothing-here') } });
    for (const url of ['/', '/devices']) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.body).toContain('the web console is not built');
      expect(res.body).toContain('npm run build');
    }
    expect((await t.app.inject({ url: '/agent/nope' })).statusCode).toBe(404);
  });

  it('finds apps/web/dist from the server package, or SAFEFLEET_WEB_DIR / an option', () => {
    expect(DEFAULT_WEB_DIR.replace(/\\/g, '/')).toMatch(/apps\/web\/dist$/);
    expect(resolveWebDir('/srv/web')).toBe('/srv/web');
    const before = process.env.SAFEFLEET_WEB_DIR;
    process.env.SAFEFLEET_WEB_DIR = '/opt/safefleet-web';
    try {
      expect(resolveWebDir()).toBe('/opt/safefleet-web');
    } finally {
      if (before === undefined) delete process.env.SAFEFLEET_WEB_DIR;
      else process.env.SAFEFLEET_WEB_DIR = before;
    }
  });
});
