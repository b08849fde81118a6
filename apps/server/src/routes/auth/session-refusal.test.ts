import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CONSOLE_WS_PATH, SESSION_COOKIE } from '@safefleet/protocol';
import { adminCookie, createTestServer, type TestServer } from '../../test-support/harness.js';

function refusals(t: TestServer): { actor: string; target: string; detail: Record<string, unknown> }[] {
  return (
    t.database.sqlite.prepare("select actor, target, detail_json from audit_log where action = 'session.refused' order by id").all() as {
      actor: string;
      target: string;
      detail_json: string;
    }[]
  ).map((r) => ({ actor: r.actor, target: r.target, detail: JSON.parse(r.detail_json) as Record<string, unknown> }));
}

describe('missing and forged sessions', () => {
  let t: TestServer;
  afterEach(() => t.close());

  it('refuses every /api route without a session (401); no audit row for someone simply not signed in', async () => {
    t = await createTestServer();
    for (const [method, url] of [
      ['GET', '/api/devices'],
      ['GET', '/api/concerns'],
      ['POST', '/api/users'],
      ['PUT', '/api/policy'],
      ['GET', '/api/audit'],
    ] as const) {
      const res = await t.app.inject({ method, url, ...(method === 'GET' ? {} : { payload: {} }) });
      expect(res.statusCode, `${method} ${url}`).toBe(401);
    }
    expect(refusals(t)).toEqual([]);
  });

  it('refuses a forged session cookie on the API and on /ws/console, with a throttled audit row', async () => {
    t = await createTestServer({ listen: true });
    const real = await adminCookie(t.app);
    const forged = `${SESSION_COOKIE}=${'A'.repeat(43)}`;
    const res = await t.app.inject({ url: '/api/devices', headers: { cookie: forged } });
    expect(res.statusCode).toBe(401);
    expect(refusals(t)).toEqual([
      { actor: 'anonymous', target: '/api/devices', detail: { method: 'GET', ip: '127.0.0.1', reason: 'unknown or ended session cookie' } },
    ]);
    // More tries from the same address within the minute: refused, not one row each.
    for (let i = 0; i < 20; i++) expect((await t.app.inject({ url: '/api/concerns', headers: { cookie: forged } })).statusCode).toBe(401);
    expect(refusals(t)).toHaveLength(1);
    // The real session still works.
    expect((await t.app.inject({ url: '/api/devices', headers: { cookie: real } })).statusCode).toBe(200);

    // The live feed: HTTP 401 before the upgrade.
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(t.url.replace('http:', 'ws:') + CONSOLE_WS_PATH, { headers: { cookie: forged } });
      ws.on('unexpected-response', (req, r) => {
        resolve(r.statusCode ?? 0);
        req.destroy();
      });
      ws.on('open', () => resolve(101));
      ws.on('error', () => undefined);
    });
    expect(status).toBe(401);
  });
});

describe('--trust-proxy', () => {
  let t: TestServer;
  afterEach(() => t.close());

  it("believes the named proxy's X-Forwarded-Proto/-Host for the origin check and the client address", async () => {
    // inject() connects from 127.0.0.1: here that is the proxy.
    t = await createTestServer({ config: { publicUrl: 'https://console.example.org', trustProxy: '127.0.0.1' } });
    const cookie = await adminCookie(t.app);
    const viaProxy = {
      cookie,
      host: '127.0.0.1:8080',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'console.example.org',
      'x-forwarded-for': '203.0.113.7',
    };
    const ok = await t.app.inject({
      method: 'PUT',
      url: '/api/policy',
      headers: { ...viaProxy, origin: 'https://console.example.org' },
      payload: { screenLock: { maxIdleMinutes: 10 } },
    });
    expect(ok.statusCode).toBe(200);
    const bad = await t.app.inject({
      method: 'PUT',
      url: '/api/policy',
      headers: { ...viaProxy, origin: 'https://evil.example' },
      payload: { screenLock: { maxIdleMinutes: 10 } },
    });
    expect(bad.statusCode).toBe(403);
    const row = t.database.sqlite.prepare("select detail_json from audit_log where action = 'request.cross-site-refused'").get() as {
      detail_json: string;
    };
    expect(JSON.parse(row.detail_json).ip).toBe('203.0.113.7');
  });

  it('ignores X-Forwarded-* from anyone else', async () => {
    t = await createTestServer({ config: { trustProxy: '10.9.9.9' } });
    const cookie = await adminCookie(t.app);
    const res = await t.app.inject({
      method: 'PUT',
      url: '/api/policy',
      headers: {
        cookie,
        host: '127.0.0.1:8080',
        'x-forwarded-host': 'evil.example',
        'x-forwarded-for': '203.0.113.7',
        origin: 'http://evil.example',
      },
      payload: { screenLock: { maxIdleMinutes: 10 } },
    });
    expect(res.statusCode).toBe(403);
    const row = t.database.sqlite.prepare("select detail_json from audit_log where action = 'request.cross-site-refused'").get() as {
      detail_json: string;
    };
    expect(JSON.parse(row.detail_json).ip).toBe('127.0.0.1');
  });
});
