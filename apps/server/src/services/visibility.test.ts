// Viewers read the fleet's state but no app names, keeper names, emails or concerns: every GET
// route of the API, the exports and the live feed are walked as a viewer (real SQLite, real sockets).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '@safefleet/protocol';
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
