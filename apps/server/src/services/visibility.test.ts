// Viewers read the fleet's state but no app names, keeper names, emails or concerns: every GET
// route of the API, the exports and the live feed are walked as a viewer (real SQLite, real sockets).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as protocol from '@safefleet/protocol';
import type { Alert, RouteDef } from '@safefleet/protocol';
import { ConsoleClient } from '../test-support/console-client.js';
import { buildFacts } from '../test-support/facts.js';
import { addUser, adminCookie, enrolDevice, ingest, login, type TestServer } from '../test-support/harness.js';
import { createAlertsTestServer } from '../test-support/alerts-harness.js';
import { mayRead, READ_SCOPES } from './visibility.service.js';

const KEEPER = { name: 'Samira Okonkwo-Patel', email: 'samira.op@example.org', role: 'Youth worker' };
const telegram = { status: 'ok' as const, apps: [{ name: 'Telegram Desktop', id: 'telegram-desktop', source: 'dpkg' as const }] };
/** Nothing a viewer receives may contain any of these (case-insensitive). */
const SECRETS = [KEEPER.name, 'Okonkwo', KEEPER.email, 'telegram', 'whatsapp', 'Dana Whitfield'];
/** Routes a viewer may read whose content is the same for every organisation and names no person or device. */
const STATIC_ROUTES = new Set(['/api/catalogue', '/api/catalogue/']);

/** Every GET route the protocol declares (each `…Api` object of @safefleet/protocol): a new route or export is walked without editing this file. */
function declaredGetRoutes(): RouteDef[] {
  const isRoute = (v: unknown): v is RouteDef =>
    typeof v === 'object' && v !== null && typeof (v as RouteDef).path === 'string' && typeof (v as RouteDef).method === 'string';
  return Object.entries(protocol)
    .filter(([name, group]) => name.endsWith('Api') && typeof group === 'object' && group !== null)
    .flatMap(([, group]) => Object.values(group as Record<string, unknown>).filter(isRoute))
    .filter((r) => r.method === 'GET' && r.path.startsWith('/api/'));
}

/** The text a person would read in an answer: a PDF through pdftotext (its streams are compressed), anything else as sent. */
function readable(body: Buffer, contentType: string | undefined, dir: string): string {
  if (!contentType?.startsWith('application/pdf')) return body.toString('utf8');
  const file = join(dir, `export-${Date.now()}-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, body);
  return execFileSync('pdftotext', ['-layout', file, '-']).toString();
}

function leaks(text: string): string[] {
  const lower = text.toLowerCase();
  return SECRETS.filter((s) => lower.includes(s.toLowerCase()));
}

describe('what a viewer may read (services/visibility.service.ts)', () => {
  let t: TestServer;
  let admin: string;
  let viewer: string;
  let deviceId: string;
  let alert: Alert;

  beforeAll(async () => {
    t = await createAlertsTestServer({ listen: true });
    admin = await adminCookie(t.app);
    await addUser(t.app, 'trustee@example.org', 'viewer');
    viewer = await login(t.app, 'trustee@example.org');
    deviceId = (await enrolDevice(t.app, admin)).deviceId;
    const patch = await t.app.inject({ method: 'PATCH', url: `/api/devices/${deviceId}`, headers: { cookie: admin }, payload: { keeper: KEEPER } });
    expect(patch.statusCode).toBe(200);
    const ex = await t.app.inject({
      method: 'POST',
      url: '/api/exceptions',
      headers: { cookie: admin },
      payload: {
        appIds: ['whatsapp'],
        scope: { kind: 'device', deviceId },
        riskAssessment: 'Needed to reach young carers out of hours; reviewed monthly.',
        approvedBy: 'Dana Whitfield, DSL',
      },
    });
    expect(ex.statusCode).toBe(201);
    ingest(t.app, deviceId, buildFacts({ apps: telegram }), 1);
    const open = (await t.app.inject({ url: '/api/alerts?status=open', headers: { cookie: admin } })).json<Alert[]>();
    alert = open.find((a) => a.control === 'social-apps')!;
    expect(alert.concernId).toEqual(expect.any(Number));
  });
  afterAll(() => t.close());

  const pathFor = (url: string) =>
    url
      .replace(':deviceId', deviceId)
      .replace(/\/devices\/:id/, `/devices/${deviceId}`)
      .replace(/\/alerts\/:id/, `/alerts/${alert.id}`)
      .replace(/\/concerns\/:id/, `/concerns/${alert.concernId}`)
      .replace(/:id/, '1');

  it('admins and the DSL read the safeguarding detail (so the walk below can fail)', async () => {
    for (const cookie of [admin]) {
      const detail = await t.app.inject({ url: `/api/devices/${deviceId}`, headers: { cookie } });
      expect(leaks(detail.body)).toEqual(expect.arrayContaining([KEEPER.name, 'telegram']));
      const concerns = await t.app.inject({ url: '/api/concerns.csv', headers: { cookie } });
      expect(leaks(concerns.body)).toContain('telegram');
    }
  });

  it('every GET route of the API, every export and every id route: nothing names an app or a keeper', async () => {
    const routes = [...new Set(t.app.routeTable.filter((r) => r.method === 'GET' && r.url.startsWith('/api/')).map((r) => r.url))];
    expect(routes.length).toBeGreaterThan(20);
    const walked: string[] = [];
    for (const route of routes) {
      if (STATIC_ROUTES.has(route)) continue;
      const url = pathFor(route);
      const res = await t.app.inject({ url, headers: { cookie: viewer } });
      expect(res.statusCode, `${url}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
      expect(leaks(res.body), `${url} (${res.statusCode}) leaks: ${res.body.slice(0, 400)}`).toEqual([]);
      walked.push(`${res.statusCode} ${url}`);
    }
    // The viewer does read the fleet: the device, its status and the alert's existence.
    expect(walked).toEqual(
      expect.arrayContaining([`200 /api/devices/${deviceId}`, '200 /api/devices', `200 /api/alerts/${alert.id}`, '403 /api/concerns.csv']),
    );
    const detail = (await t.app.inject({ url: `/api/devices/${deviceId}`, headers: { cookie: viewer } })).json();
    expect(detail).toMatchObject({ id: deviceId, status: 'noncompliant', keeper: null, facts: null });
    expect(detail.findings.find((f: { control: string }) => f.control === 'social-apps')).toMatchObject({ status: 'fail' });
  });

  it('every GET route the protocol declares, above all every export (CSV, PDF, HTML, JSON): the admin reads names, a viewer none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'safefleet-viewer-exports-'));
    try {
      const routes = declaredGetRoutes();
      // Declared = registered: a declared route the server lacks would be skipped silently.
      const registered = new Set(t.app.routeTable.filter((r) => r.method === 'GET').map((r) => r.url.replace(/(.)\/$/, '$1')));
      expect(routes.filter((r) => !registered.has(r.path)).map((r) => r.path)).toEqual([]);
      // Exports are the routes that answer something other than JSON (no response schema) or a file of JSON (…/export).
      const exports = routes.filter((r) => !r.response || /\/export$|\.csv$|\/pdf$/.test(r.path)).map((r) => r.path);
      expect(exports).toEqual(expect.arrayContaining(['/api/concerns.csv', '/api/report/pdf', '/api/devices/:id/export', '/api/concerns/:id/print']));
      const adminLeaks: Record<string, string[]> = {};
      for (const route of routes) {
        if (STATIC_ROUTES.has(route.path)) continue;
        const url = pathFor(route.path);
        for (const [who, cookie] of [
          ['admin', admin],
          ['viewer', viewer],
        ] as const) {
          const res = await t.app.inject({ url, headers: { cookie } });
          expect(res.statusCode, `${who} ${url}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
          const text = readable(res.rawPayload, res.headers['content-type'] as string | undefined, dir);
          if (who === 'admin') adminLeaks[route.path] = leaks(text);
          else expect(leaks(text), `viewer ${url} (${res.statusCode}) leaks: ${text.slice(0, 400)}`).toEqual([]);
        }
      }
      // The walk can fail: the same exports name the app and the keeper for the IT lead.
      expect(adminLeaks['/api/concerns.csv']).toEqual(expect.arrayContaining([KEEPER.name, 'telegram']));
      expect(adminLeaks['/api/devices/:id/export']).toEqual(expect.arrayContaining([KEEPER.name, 'telegram']));
      expect(adminLeaks['/api/concerns/:id/print']).toEqual(expect.arrayContaining([KEEPER.name]));
      expect(adminLeaks['/api/report/pdf']).toEqual(expect.arrayContaining(['whatsapp']));
      expect(adminLeaks['/api/devices/:id']).toEqual(expect.arrayContaining([KEEPER.name, 'telegram']));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a viewer cannot find a device by its keeper’s name (the search matches hostnames only for them)', async () => {
    const search = async (cookie: string, q: string) =>
      (await t.app.inject({ url: `/api/devices/page?q=${encodeURIComponent(q)}`, headers: { cookie } })).json<{ total: number }>().total;
    expect(await search(admin, 'Okonkwo')).toBe(1);
    expect(await search(viewer, 'Okonkwo')).toBe(0);
    const host = (await t.app.inject({ url: `/api/devices/${deviceId}`, headers: { cookie: viewer } })).json<{ hostname: string }>().hostname;
    expect(await search(viewer, host)).toBe(1);
  });

  it('the live feed (/ws/console) gives a viewer device updates and alerts without names', async () => {
    const browser = await ConsoleClient.connect(t.url, viewer);
    const dsl = await ConsoleClient.connect(t.url, admin);
    try {
      await browser.next('hello');
      await dsl.next('hello');
      ingest(t.app, deviceId, buildFacts(), 2); // Telegram removed: resolved
      ingest(t.app, deviceId, buildFacts({ apps: telegram }), 3); // back: a new alert
      const events = [await browser.next('device-updated'), await browser.next('alert-resolved'), await browser.next('alert-opened')];
      expect(events.map((e) => e.type)).toEqual(['device-updated', 'alert-resolved', 'alert-opened']);
      expect(leaks(JSON.stringify(browser.events))).toEqual([]);
      // The DSL's browser got the names over the same feed.
      await dsl.next('alert-opened');
      expect(leaks(JSON.stringify(dsl.events))).toEqual(expect.arrayContaining([KEEPER.name, 'telegram']));
    } finally {
      browser.ws.terminate();
      dsl.ws.terminate();
    }
  });

  it('one table: admins read everything, the DSL all but administration and the log export, viewers only the fleet', () => {
    expect(READ_SCOPES.filter((s) => mayRead('viewer', s))).toEqual(['fleet']);
    expect(READ_SCOPES.filter((s) => !mayRead('dsl', s))).toEqual(['administration', 'audit-export']);
    expect(READ_SCOPES.every((s) => mayRead('admin', s))).toBe(true);
  });
});
