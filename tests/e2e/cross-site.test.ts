// A page on another port of the same host (same site for SameSite cookies, another origin) tries to
// close a safeguarding concern with the DSL's cookie, create one with a text/plain "simple" request,
// and read the live feed. Real Chromium, real console process; every attempt is refused and audited.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAllBrowsers, launchBrowser, type BrowserSession } from '../support/browser.js';
import { ADMIN_PASSWORD, ConsoleProcess } from '../support/console.js';
import { removeTempDirs, stopAll } from '../support/processes.js';

interface AttackResults {
  close: string;
  create: string;
  socket: string;
}

function attackPage(consoleUrl: string, concernId: number): string {
  const ws = consoleUrl.replace(/^http/, 'ws') + '/ws/console';
  return `<!doctype html><html><body><script>
    const results = {};
    const settle = (k, v) => { results[k] = v; if (Object.keys(results).length === 3) window.__results = results; };
    // Body-less POST with the ambient cookie (what a "simple" cross-site request can do).
    fetch(${JSON.stringify(`${consoleUrl}/api/concerns/${concernId}/close`)}, { method: 'POST', mode: 'no-cors', credentials: 'include' })
      .then(() => settle('close', 'sent'), (e) => settle('close', 'error ' + e));
    // A text/plain body needs no CORS preflight either.
    fetch(${JSON.stringify(`${consoleUrl}/api/concerns`)}, { method: 'POST', mode: 'no-cors', credentials: 'include',
      headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ summary: 'planted by another site' }) })
      .then(() => settle('create', 'sent'), (e) => settle('create', 'error ' + e));
    const s = new WebSocket(${JSON.stringify(ws)});
    let opened = false;
    s.onopen = () => { opened = true; };
    s.onmessage = (m) => settle('socket', 'read ' + String(m.data).slice(0, 80));
    s.onclose = () => { if (!('socket' in results)) settle('socket', opened ? 'opened then closed' : 'refused'); };
  </script></body></html>`;
}

describe('cross-site requests in real Chromium', () => {
  let c: ConsoleProcess;
  let attacker: Server;
  let attackerUrl: string;
  let browser: BrowserSession;
  let api: Awaited<ReturnType<ConsoleProcess['login']>>;
  let concernId: number;

  beforeAll(async () => {
    c = await ConsoleProcess.create();
    await c.start();
    api = await c.login();
    const created = await api('/api/concerns', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ summary: 'Messaging app found on a youth worker laptop' }),
    });
    expect(created.status).toBe(201);
    concernId = ((await created.json()) as { id: number }).id;
    for (const [step, body] of [
      ['assess', { assessment: 'Needs action' }],
      ['action', { actionsTaken: 'App removed with the keeper', referral: { made: false, to: null } }],
    ] as const) {
      const r = await api(`/api/concerns/${concernId}/${step}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(r.status, step).toBe(200);
    }
    attacker = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(attackPage(c.url, concernId)));
    await new Promise<void>((r) => attacker.listen(0, '127.0.0.1', r));
    attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;
    browser = await launchBrowser();
    // The admin signs in to the console in this browser: the session cookie is now in the profile.
    await browser.page.goto(`${c.url}/`);
    const login = await browser.page.evaluate(async (password) => {
      const r = await fetch('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@localhost', password }),
      });
      return r.status;
    }, ADMIN_PASSWORD);
    expect(login).toBe(200);
  });
  afterAll(async () => {
    await closeAllBrowsers();
    if (attacker) await new Promise<void>((r) => attacker.close(() => r()));
    await stopAll();
    removeTempDirs();
  });

  it('refuses the writes and the live feed from a page on another port, and audits each', async () => {
    await browser.page.goto(attackerUrl);
    const results = (await browser.page
      .waitForFunction(() => (globalThis as unknown as { __results?: unknown }).__results, null, { timeout: 15_000 })
      .then((h) => h.jsonValue())) as AttackResults;
    expect(results.socket).toBe('refused');

    const concern = (await (await api(`/api/concerns/${concernId}`)).json()) as { status: string };
    expect(concern.status).toBe('actioned');
    const list = (await (await api('/api/concerns')).json()) as { summary: string }[];
    expect(JSON.stringify(list)).not.toContain('planted by another site');

    const audit = (await (await api('/api/audit?limit=50')).json()) as {
      actor: string;
      action: string;
      target: string;
      detail: { method: string; reason: string };
    }[];
    const refused = audit.filter((a) => a.action === 'request.cross-site-refused');
    const origin = attackerUrl.replace(/\/$/, '');
    expect(refused.map((a) => `${a.detail.method} ${a.target}`).sort()).toEqual(
      ['GET /ws/console', `POST /api/concerns`, `POST /api/concerns/${concernId}/close`].sort(),
    );
    for (const a of refused) {
      expect(a.actor).toBe('user:admin@localhost'); // the browser did send the DSL's cookie ...
      expect(a.detail.reason).toBe(`Origin ${origin} is not this console`); // ... and the origin check stopped it
    }
  });

  it('the same requests from the console page itself work (the check is not a blanket refusal)', async () => {
    await browser.page.goto(`${c.url}/`);
    const r = await browser.page.evaluate(async (id) => {
      const close = await fetch(`/api/concerns/${id}/close`, { method: 'POST' });
      const socket = await new Promise<string>((resolve) => {
        const s = new WebSocket((globalThis as unknown as { location: { origin: string } }).location.origin.replace(/^http/, 'ws') + '/ws/console');
        s.onmessage = () => {
          resolve('read');
          s.close();
        };
        s.onclose = () => resolve('closed');
      });
      return { close: close.status, socket };
    }, concernId);
    expect(r).toEqual({ close: 200, socket: 'read' });
    const concern = (await (await api(`/api/concerns/${concernId}`)).json()) as { status: string };
    expect(concern.status).toBe('closed');
  });
});
