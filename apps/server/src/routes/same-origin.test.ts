import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CONSOLE_WS_PATH } from '@safefleet/protocol';
import { CROSS_SITE_MESSAGE } from './same-origin.hook.js';
import { adminCookie, createTestServer, type TestServer } from '../test-support/harness.js';

function auditRows(t: TestServer): { actor: string; action: string; target: string; detail_json: string }[] {
  return t.database.sqlite
    .prepare("select actor, action, target, detail_json from audit_log where action = 'request.cross-site-refused' order by id")
    .all() as { actor: string; action: string; target: string; detail_json: string }[];
}

describe('cross-site requests (CSRF) and body types', () => {
  let t: TestServer;
  afterEach(() => t.close());

  it('refuses a state-changing request from another origin, even body-less, with an audit row', async () => {
    t = await createTestServer({ config: { host: '127.0.0.1', port: 8080 } });
    const cookie = await adminCookie(t.app);
    const host = '127.0.0.1:8080';
    // A page on another port of the same host: same site for SameSite, another origin.
    const bodyless = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie, host, origin: 'http://127.0.0.1:9999' } });
    expect(bodyless.statusCode).toBe(403);
    expect(bodyless.json()).toEqual({ error: CROSS_SITE_MESSAGE });
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/policy',
      headers: { cookie, host, origin: 'https://evil.example' },
      payload: { screenLock: { maxIdleMinutes: 60 } },
    });
    expect(put.statusCode).toBe(403);
    const nullOrigin = await t.app.inject({ method: 'POST', url: '/api/roles', headers: { cookie, host, origin: 'null' }, payload: { name: 'x' } });
    expect(nullOrigin.statusCode).toBe(403);
    const fetchMeta = await t.app.inject({ method: 'DELETE', url: '/api/exceptions/1', headers: { cookie, host, 'sec-fetch-site': 'same-site' } });
    expect(fetchMeta.statusCode).toBe(403);

    const rows = auditRows(t);
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatchObject({ actor: 'user:it-lead@example.org', target: '/api/auth/logout' });
    expect(JSON.parse(rows[0]!.detail_json)).toMatchObject({ method: 'POST', reason: 'Origin http://127.0.0.1:9999 is not this console' });
    expect(JSON.parse(rows[3]!.detail_json)).toMatchObject({ method: 'DELETE', reason: 'Sec-Fetch-Site is same-site' });
    // The session was not ended by the refused logout.
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(200);
  });

  it('accepts the same requests from the console itself, from --public-url, and from non-browser clients', async () => {
    t = await createTestServer({ config: { host: '127.0.0.1', port: 8080, publicUrl: 'https://console.example.org' } });
    const cookie = await adminCookie(t.app);
    const policy = { screenLock: { maxIdleMinutes: 10 } };
    for (const headers of [
      { origin: 'http://127.0.0.1:8080', host: '127.0.0.1:8080' },
      { origin: 'https://console.example.org', host: 'console.example.org' },
      { 'sec-fetch-site': 'same-origin' },
      {},
    ]) {
      const res = await t.app.inject({ method: 'PUT', url: '/api/policy', headers: { cookie, ...headers }, payload: policy });
      expect(res.statusCode, JSON.stringify(headers)).toBe(200);
    }
    // Reads are not checked (a cross-site page cannot read the answer anyway).
    expect((await t.app.inject({ url: '/api/devices', headers: { cookie, origin: 'https://evil.example' } })).statusCode).toBe(200);
    expect(auditRows(t)).toEqual([]);
  });

  it('requires JSON bodies: text/plain and form bodies get 415', async () => {
    t = await createTestServer();
    const cookie = await adminCookie(t.app);
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/roles',
        headers: { cookie, 'content-type': type },
        payload: '{"name":"Youth worker"}',
      });
      expect(res.statusCode, type).toBe(415);
    }
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'text/plain' },
      payload: '{"email":"a@b.c","password":"x"}',
    });
    expect(login.statusCode).toBe(415);
    const json = await t.app.inject({ method: 'POST', url: '/api/roles', headers: { cookie }, payload: { name: 'Youth worker' } });
    expect(json.statusCode).toBe(201);
  });

  it('refuses a cross-origin /ws/console upgrade before it is accepted, with an audit row', async () => {
    t = await createTestServer({ listen: true });
    const cookie = await adminCookie(t.app);
    const url = t.url.replace('http:', 'ws:') + CONSOLE_WS_PATH;
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(url, { headers: { cookie }, origin: 'http://127.0.0.1:9999' });
      ws.on('unexpected-response', (req, res) => {
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      ws.on('open', () => resolve(101));
      ws.on('error', () => undefined);
    });
    expect(status).toBe(403);
    expect(auditRows(t)).toEqual([expect.objectContaining({ actor: 'user:it-lead@example.org', target: CONSOLE_WS_PATH })]);
    // Its own origin is accepted.
    const ok = new WebSocket(url, { headers: { cookie }, origin: t.url });
    await new Promise<void>((resolve, reject) => {
      ok.on('message', () => resolve());
      ok.on('error', reject);
    });
    await new Promise((resolve) => {
      ok.once('close', resolve);
      ok.close();
    });
  });
});
