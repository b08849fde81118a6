import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Alert, AlertEvent, ConcernDetail, Delivery } from '@safefleet/protocol';
import { createAlertsTestServer } from '../../test-support/alerts-harness.js';
import { buildFacts } from '../../test-support/facts.js';
import { addUser, adminCookie, enrolDevice, ingest, login, type TestServer } from '../../test-support/harness.js';
import { MailCatcher, until, WebhookReceiver } from '../../test-support/mail-catcher.js';

const signal = { status: 'ok' as const, apps: [{ name: 'signal-desktop', id: 'signal-desktop', source: 'dpkg' as const }] };

describe('alert engine: transitions, routing, channels (real SMTP and HTTP)', () => {
  const smtp = new MailCatcher();
  const hooks = new WebhookReceiver();
  let t: TestServer;
  let admin: string;
  let deviceId: string;
  let events: AlertEvent[];

  beforeAll(async () => {
    await smtp.start();
    await hooks.start();
  });
  afterAll(async () => {
    await smtp.stop();
    await hooks.stop();
  });
  beforeEach(async () => {
    smtp.mails.length = 0;
    hooks.requests.length = 0;
    t = await createAlertsTestServer({ alerts: { env: { smtp: { host: '127.0.0.1', port: smtp.port, tls: 'none', user: null } } } });
    admin = await adminCookie(t.app);
    deviceId = (await enrolDevice(t.app, admin)).deviceId;
    await t.app.inject({
      method: 'PATCH',
      url: `/api/devices/${deviceId}`,
      headers: { cookie: admin },
      payload: { keeper: { name: 'Sam Patel', email: 'sam@example.org', role: 'Youth worker' } },
    });
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/notifications/settings',
      headers: { cookie: admin },
      payload: {
        dsl: { name: 'Dana Lee', email: 'dsl@example.org' },
        itLead: { name: 'Ian', email: 'it@example.org' },
        mailFrom: 'Safefleet <alerts@example.org>',
      },
    });
    expect(put.statusCode).toBe(200);
    for (const [name, format] of [
      ['Teams', 'teams'],
      ['Slack', 'slack'],
      ['Generic', 'generic'],
    ] as const) {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/notifications/recipients',
        headers: { cookie: admin },
        payload: { channel: 'webhook', name, format, url: hooks.url(`/${format}`), control: 'social-apps' },
      });
      expect(r.statusCode).toBe(201);
    }
    events = [];
    t.app.services.ctx.events.on('alert-opened', (e) => events.push(e));
    t.app.services.ctx.events.on('alert-resolved', (e) => events.push(e));
  });
  afterEach(() => t.close());

  const get = async <T>(url: string, cookie = admin) => (await t.app.inject({ url, headers: { cookie } })).json<T>();

  it('a catalogued app: one email to the DSL, webhooks, a live event and a logged concern; nothing twice; resolved when removed', async () => {
    ingest(t.app, deviceId, buildFacts({ apps: signal }), 1);

    const [mail] = await smtp.waitFor(1);
    expect(mail!.to).toEqual(['dsl@example.org']);
    expect(mail!.from).toBe('alerts@example.org');
    expect(mail!.subject).toBe('Safeguarding alert: Signal found on yw-laptop-01 (Sam Patel)');
    expect(mail!.text).toContain('Device: yw-laptop-01');
    expect(mail!.text).toContain('Keeper: Sam Patel (sam@example.org), Youth worker');
    expect(mail!.text).toContain('Apps: Signal');
    expect(mail!.text).toContain(`https://console.example.org/devices/${deviceId}`);
    expect(mail!.text).toContain('Your decision is needed');
    expect(mail!.html).toContain('Signal');

    await until('three webhooks', () => hooks.requests.length >= 3 && hooks.requests);
    const teams = hooks.on('/teams')[0]!.body as {
      attachments: Array<{ contentType: string; content: { body: Array<{ text?: string }>; actions: Array<{ url: string }> } }>;
    };
    expect(teams.attachments[0]!.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(teams.attachments[0]!.content.body[0]!.text).toContain('Signal');
    expect(teams.attachments[0]!.content.actions[0]!.url).toBe(`https://console.example.org/devices/${deviceId}`);
    const slack = hooks.on('/slack')[0]!.body as { text: string; blocks: Array<{ type: string }> };
    expect(slack.text).toContain('Signal found on yw-laptop-01');
    expect(slack.blocks.map((b) => b.type)).toEqual(['header', 'section', 'actions']);
    const generic = hooks.on('/generic')[0]!.body as { event: string; alert: Alert; link: string };
    expect(generic.event).toBe('alert-opened');
    expect(generic.alert).toMatchObject({ control: 'social-apps', category: 'safeguarding', hostname: 'yw-laptop-01' });

    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'alert-opened', alert: { deviceId, control: 'social-apps', status: 'open', keeperName: 'Sam Patel' } });
    const open = await get<Alert[]>('/api/alerts?status=open');
    expect(open).toHaveLength(1);
    const concernId = open[0]!.concernId!;
    const concern = await get<ConcernDetail>(`/api/concerns/${concernId}`);
    // Issue 12: an automatic concern waits for the DSL's triage before it enters the log.
    expect(concern).toMatchObject({
      status: 'to-triage',
      source: 'alert',
      hostname: 'yw-laptop-01',
      keeperName: 'Sam Patel',
      alertId: open[0]!.id,
      appIds: ['signal'],
    });
    expect(concern.summary).toContain('Signal');

    // The same app again: nothing new anywhere.
    ingest(t.app, deviceId, buildFacts({ apps: signal }), 2);
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.mails).toHaveLength(1);
    expect(hooks.requests).toHaveLength(3);
    expect(events).toHaveLength(1);
    expect((await get<Alert[]>('/api/alerts')).length).toBe(1);

    // Removed: resolved, with a "fixed" email and webhooks.
    ingest(t.app, deviceId, buildFacts(), 3);
    expect(events.map((e) => e.type)).toEqual(['alert-opened', 'alert-resolved']);
    expect(events[1]!.alert).toMatchObject({ status: 'resolved', resolvedReason: 'The check passes again.' });
    await smtp.waitFor(2);
    expect(smtp.mails[1]!.subject).toBe('Resolved: No social media or messaging apps on yw-laptop-01 (Sam Patel)');
    expect((await get<Alert[]>('/api/alerts?status=open')).length).toBe(0);
    // The concern stays for the DSL to work through.
    expect((await get<ConcernDetail>(`/api/concerns/${concernId}`)).status).toBe('to-triage');
    const log = await until('every message sent', async () => {
      const l = await get<Delivery[]>('/api/notifications/deliveries');
      return l.every((d) => d.status === 'sent') ? l : undefined;
    });
    expect(log.map((d) => d.kind).sort()).toEqual([...Array(4).fill('alert-opened'), ...Array(4).fill('alert-resolved')]);
    expect(log.every((d) => d.attemptLog.length === 1 && d.attemptLog[0]!.ok)).toBe(true);
    expect(log.find((d) => d.channel === 'webhook')!.target).toBe(`http://127.0.0.1:${hooks.port}/…`);
  });

  it('a technical failure goes to the IT lead only; unknown neither opens nor resolves', async () => {
    const unencrypted = { status: 'ok' as const, volumes: [{ mount: '/', encrypted: false, isSystem: true }] };
    ingest(t.app, deviceId, buildFacts({ encryption: unencrypted }), 1);
    const [mail] = await smtp.waitFor(1);
    expect(mail!.to).toEqual(['it@example.org']);
    expect(mail!.subject).toBe('Needs attention: Disk encryption on yw-laptop-01 (Sam Patel)');
    ingest(t.app, deviceId, buildFacts({ encryption: { status: 'error', error: 'lsblk failed' } }), 2);
    expect((await get<Alert[]>('/api/alerts?status=open')).map((a) => a.control)).toEqual(['disk-encryption']);
    expect(hooks.requests).toHaveLength(0); // the webhooks are for social-apps only
    expect((await get<unknown[]>('/api/concerns')).length).toBe(0);
  });

  it('shows viewers that a safeguarding alert exists, without its details', async () => {
    ingest(t.app, deviceId, buildFacts({ apps: signal }), 1);
    await addUser(t.app, 'viewer@example.org', 'viewer');
    const viewer = await login(t.app, 'viewer@example.org');
    const [alert] = await get<Alert[]>('/api/alerts?status=open', viewer);
    expect(alert).toMatchObject({
      hostname: 'yw-laptop-01',
      control: 'social-apps',
      redacted: true,
      keeperName: null,
      details: null,
      concernId: null,
    });
    expect(JSON.stringify(alert)).not.toMatch(/signal/i);
    expect((await t.app.inject({ url: `/api/alerts/${alert!.id}`, headers: { cookie: viewer } })).json()).toMatchObject({ redacted: true });
    expect((await t.app.inject({ url: '/api/alerts?status=nope', headers: { cookie: viewer } })).statusCode).toBe(400);
    expect((await t.app.inject({ url: '/api/alerts/nope', headers: { cookie: viewer } })).statusCode).toBe(404);
  });
});
