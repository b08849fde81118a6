import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adminCookie, createTestServer, type TestServer } from '../../test-support/harness.js';

const NOW = new Date('2026-12-03T12:00:00.000Z');

describe('keeper tablets and check-in links (real SQLite, app.inject)', { timeout: 60_000 }, () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await createTestServer({ now: () => NOW });
  });
  afterEach(async () => server.close());

  it('IT lead adds a tablet and gets a link + QR; the keeper answers; a new link retires the old one', async () => {
    const app = server.app;
    const cookie = await adminCookie(app);
    const created = await app.inject({
      method: 'POST',
      url: '/api/tablets',
      headers: { cookie },
      payload: { name: 'Youth iPad 4', platform: 'ipados', keeperName: 'Jo Bloggs', keeperEmail: 'jo@charity.org', keeperRole: 'Youth worker' },
    });
    expect(created.statusCode).toBe(201);
    const link = created.json<{ deviceId: string; url: string; qrSvg: string }>();
    expect(link.qrSvg).toContain('<svg');
    const path = new URL(link.url).pathname;
    expect(app.services.devices.detail(link.deviceId)).toMatchObject({
      status: 'notEvaluated',
      assurance: 'Waiting for the keeper’s first check-in',
    });

    // The paged device list filters by kind and source on the server.
    const total = async (q: string) =>
      (await app.inject({ method: 'GET', url: `/api/devices/page?${q}`, headers: { cookie } })).json<{ total: number }>().total;
    expect([await total('kind=tablet'), await total('kind=laptop'), await total('source=keeper'), await total('source=agent')]).toEqual([1, 0, 1, 0]);
    expect((await app.inject({ method: 'GET', url: '/api/devices/page?source=robot', headers: { cookie } })).statusCode).toBe(400);

    const page = await app.inject({ method: 'GET', url: path });
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const state = (await app.inject({ method: 'GET', url: `${path}/state` })).json<{ deviceName: string; apps: { id: string; name: string }[] }>();
    expect(state.deviceName).toBe('Youth iPad 4');
    expect(state.apps.map((a) => a.name)).toContain('TikTok');

    const answer = await app.inject({
      method: 'POST',
      url: path,
      payload: { platform: 'ipados', osVersion: '26.1', passcode: true, screenLock: true, passcodeChanged: true, apps: ['tiktok'] },
    });
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({ assurance: 'Confirmed by the keeper on 3 Dec 2026' });
    const d = app.services.devices.detail(link.deviceId);
    expect(d.assurance).toBe('Confirmed by the keeper on 3 Dec 2026');
    const f = Object.fromEntries(d.findings.map((x) => [x.control, x]));
    expect(f['social-apps']).toMatchObject({ status: 'fail' });
    expect(f['social-apps']!.reason).toContain('TikTok');
    expect(f['disk-encryption']!.reason).toContain('Data Protection');
    expect(f['password-age']).toMatchObject({ status: 'pass' });
    expect(f['agent-checkin']).toMatchObject({ status: 'pass' });

    const listed = await app.inject({ method: 'GET', url: '/api/tablets/keeper', headers: { cookie } });
    expect(listed.json()).toEqual([
      expect.objectContaining({
        deviceId: link.deviceId,
        name: 'Youth iPad 4',
        confirmedAt: NOW.toISOString(),
        link: expect.objectContaining({ lastUsedAt: NOW.toISOString() }),
      }),
    ]);
    expect(JSON.stringify(listed.json())).not.toContain(path.split('/').pop());

    const again = await app.inject({ method: 'POST', url: `/api/tablets/${link.deviceId}/checkin-link`, headers: { cookie } });
    expect(again.statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: `${path}/state` })).statusCode).toBe(404);
    const bad = await app.inject({ method: 'POST', url: new URL(again.json<{ url: string }>().url).pathname, payload: { platform: 'ipados' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: string }>().error).toBe('The check-in answer is not valid');
  });

  it('only the IT lead manages tablets; a viewer gets 403', async () => {
    const app = server.app;
    await app.services.users.create({ email: 'v@example.org', role: 'viewer', password: 'correct horse battery staple' }, 'test');
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'v@example.org', password: 'correct horse battery staple' },
    });
    const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const res = await app.inject({ method: 'POST', url: '/api/tablets/import-csv', headers: { cookie }, payload: { csv: 'serial\n' } });
    expect(res.statusCode).toBe(403);
  });
});
