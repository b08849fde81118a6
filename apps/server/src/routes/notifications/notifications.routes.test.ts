import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NotificationSettingsView, Recipient } from '@safefleet/protocol';
import { createAlertsTestServer } from '../../test-support/alerts-harness.js';
import { addUser, adminCookie, login, type TestServer } from '../../test-support/harness.js';

describe('/api/notifications: settings and recipients', () => {
  let t: TestServer;
  let admin: string;
  let dsl: string;
  let viewer: string;
  beforeEach(async () => {
    t = await createAlertsTestServer({
      alerts: {
        env: {
          smtp: { host: 'mail.example.org', port: 465, tls: 'implicit', user: 'alerts', password: 'env-secret' },
          mailFrom: 'Safefleet <alerts@example.org>',
          dsl: { name: '', email: 'env-dsl@example.org' },
        },
      },
    });
    admin = await adminCookie(t.app);
    await addUser(t.app, 'dsl@example.org', 'dsl');
    await addUser(t.app, 'viewer@example.org', 'viewer');
    dsl = await login(t.app, 'dsl@example.org');
    viewer = await login(t.app, 'viewer@example.org');
  });
  afterEach(() => t.close());

  const req = (cookie: string, method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

  it('shows the environment’s values until the console overrides them; never the SMTP password', async () => {
    const view = (await req(dsl, 'GET', '/api/notifications/settings')).json<NotificationSettingsView>();
    expect(view.settings.smtp).toEqual({ host: 'mail.example.org', port: 465, tls: 'implicit', user: 'alerts', hasPassword: true });
    expect(view.settings.dsl).toEqual({ name: '', email: 'env-dsl@example.org' });
    expect(view.sources).toMatchObject({ smtp: 'environment', mailFrom: 'environment', dsl: 'environment', itLead: 'default' });
    expect(JSON.stringify(view)).not.toContain('env-secret');

    const put = await req(admin, 'PUT', '/api/notifications/settings', {
      dsl: { name: 'Dana Lee', email: 'dana@example.org' },
      onlineSafetyCoordinator: { name: 'Dana Lee', email: 'dana@example.org' },
      concerns: { overdueWorkingDays: 3 },
    });
    expect(put.statusCode).toBe(200);
    const saved = put.json<NotificationSettingsView>();
    expect(saved.settings.dsl).toEqual({ name: 'Dana Lee', email: 'dana@example.org' });
    expect(saved.sources.dsl).toBe('console');
    expect(saved.updatedBy).toBe('user:it-lead@example.org');
    const cleared = (await req(admin, 'PUT', '/api/notifications/settings', { dsl: null })).json<NotificationSettingsView>();
    expect(cleared.settings.dsl?.email).toBe('env-dsl@example.org');
    expect(cleared.settings.concerns.overdueWorkingDays).toBe(3);
    const audit = t.database.sqlite.prepare("select action, detail_json from audit_log where action = 'notifications.settings-updated'").all();
    expect(audit).toHaveLength(2);
  });

  it('checks roles and input', async () => {
    expect((await req(viewer, 'GET', '/api/notifications/settings')).statusCode).toBe(403);
    expect((await req(dsl, 'PUT', '/api/notifications/settings', { dsl: null })).statusCode).toBe(403);
    expect((await req(viewer, 'GET', '/api/notifications/deliveries')).statusCode).toBe(403);
    expect((await req(admin, 'PUT', '/api/notifications/settings', { digest: { enabled: true, time: '8am' } })).statusCode).toBe(400);
    expect((await req(admin, 'PUT', '/api/notifications/settings', { dsl: { email: 'nope' } })).statusCode).toBe(400);
    expect((await req(admin, 'POST', '/api/notifications/test', {})).statusCode).toBe(400); // no IT lead named
  });

  it('adds and removes recipients; webhook URLs are shown by origin only', async () => {
    const hook = await req(admin, 'POST', '/api/notifications/recipients', {
      channel: 'webhook',
      name: 'Safeguarding channel',
      format: 'teams',
      url: 'https://example.webhook.office.com/webhookb2/secret-token',
      control: 'social-apps',
    });
    expect(hook.statusCode).toBe(201);
    expect(hook.json<Recipient>()).toMatchObject({
      channel: 'webhook',
      format: 'teams',
      address: 'https://example.webhook.office.com/…',
      control: 'social-apps',
    });
    const mail = await req(admin, 'POST', '/api/notifications/recipients', { channel: 'email', name: 'Chair', address: 'chair@example.org' });
    expect(mail.json<Recipient>()).toMatchObject({ address: 'chair@example.org', control: null, format: null });
    expect((await req(admin, 'POST', '/api/notifications/recipients', { channel: 'webhook', name: 'x', url: 'ftp://x' })).statusCode).toBe(400);
    expect((await req(dsl, 'POST', '/api/notifications/recipients', { channel: 'email', name: 'x', address: 'x@example.org' })).statusCode).toBe(403);

    const list = (await req(dsl, 'GET', '/api/notifications/recipients')).json<Recipient[]>();
    expect(list.map((r) => r.name)).toEqual(['Safeguarding channel', 'Chair']);
    expect(JSON.stringify(list)).not.toContain('secret-token');
    expect((await req(admin, 'DELETE', `/api/notifications/recipients/${list[0]!.id}`)).json()).toEqual({ ok: true });
    expect((await req(admin, 'DELETE', `/api/notifications/recipients/${list[0]!.id}`)).statusCode).toBe(404);
    const audit = t.database.sqlite
      .prepare("select action, detail_json from audit_log where action like 'notifications.recipient-%' order by id")
      .all() as Array<{ action: string; detail_json: string }>;
    expect(audit.map((a) => a.action)).toEqual(['notifications.recipient-added', 'notifications.recipient-added', 'notifications.recipient-removed']);
    expect(audit.map((a) => a.detail_json).join()).not.toContain('secret-token');
  });
});
