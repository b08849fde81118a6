// Acceptance 1 (alerts): a real console process, a real SMTP server (smtp-server on 127.0.0.1), a
// real HTTP receiver for the Teams, Slack and generic webhooks, and an agent on a real WebSocket.
// The agent reports a catalogued app (Telegram): the DSL gets ONE email naming device, keeper and
// app; the webhooks get their payloads; the live console feed (/ws/console) shows the alert; a
// concern is logged. The same report again sends nothing new. Removing the app resolves the alert.
//
// The agent here is a raw protocol client, so the test can also check webhooks and exact wording
// with chosen facts; alerts-real-agent.test.ts runs the same path with the real agent program.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { AlertList, ConcernList, DeliveryList, type AlertEvent } from '@safefleet/protocol';
import { EnvConsoleProcess, laptopFacts, RawAgent } from '../support/alerts-console.js';
import { ADMIN_PASSWORD } from '../support/console.js';
import { removeTempDirs, stopAll, until } from '../support/processes.js';
import { MailCatcher } from '../support/smtp.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';

const smtp = new MailCatcher();
const hooks = new WebhookReceiver();
let consoleProc: EnvConsoleProcess;
let feed: WebSocket | undefined;
let agent: RawAgent | undefined;

beforeAll(async () => {
  await smtp.start(0, { user: 'console', pass: 'mail-pass' });
  await hooks.start();
  consoleProc = await EnvConsoleProcess.createWithEnv({
    SAFEFLEET_SMTP_URL: `smtp://console:mail-pass@127.0.0.1:${smtp.port}`,
    SAFEFLEET_MAIL_FROM: 'Safefleet <safefleet@charity.example.org>',
    SAFEFLEET_DSL_EMAIL: 'dsl@charity.example.org',
    SAFEFLEET_ITLEAD_EMAIL: 'it@charity.example.org',
  });
  await consoleProc.start();
});
afterAll(async () => {
  agent?.close();
  feed?.close();
  await stopAll();
  await smtp.stop();
  await hooks.stop();
  removeTempDirs();
});

async function adminCookie(): Promise<string> {
  const res = await fetch(`${consoleProc.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@localhost', password: ADMIN_PASSWORD }),
  });
  expect(res.status).toBe(200);
  // Every cookie the console set (the session and the known-browser cookie), as a browser would send them.
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

describe('a catalogued app reaches the DSL by email, webhooks and the live feed', () => {
  it('alerts once, logs a concern, stays quiet on a repeat and resolves when the app is gone', async () => {
    const cookie = await adminCookie();
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${consoleProc.url}${path}`, { ...init, headers: { 'content-type': 'application/json', cookie, ...(init.headers ?? {}) } });

    for (const format of ['teams', 'slack', 'generic']) {
      const r = await api('/api/notifications/recipients', {
        method: 'POST',
        body: JSON.stringify({ channel: 'webhook', name: `${format} channel`, format, url: hooks.url(`/${format}`), control: 'social-apps' }),
      });
      expect(r.status).toBe(201);
    }

    // The live console feed.
    const events: AlertEvent[] = [];
    feed = new WebSocket(`${consoleProc.url.replace('http', 'ws')}/ws/console`, { headers: { cookie } });
    feed.on('message', (d) => {
      const e = JSON.parse(d.toString()) as { type: string };
      if (e.type === 'alert-opened' || e.type === 'alert-resolved') events.push(e as AlertEvent);
    });
    await new Promise<void>((res, rej) => {
      feed!.once('open', () => res());
      feed!.once('error', rej);
    });

    const creds = await consoleProc.enrol('yw-laptop-07');
    const patched = await api(`/api/devices/${creds.deviceId}`, {
      method: 'PATCH',
      body: JSON.stringify({ keeper: { name: 'Priya Shah', email: 'priya@charity.example.org', role: 'Youth worker' } }),
    });
    expect(patched.status).toBe(200);
    agent = await RawAgent.connect(creds, 'yw-laptop-07');
    const telegram = { status: 'ok' as const, apps: [{ name: 'Telegram Desktop', id: 'telegram-desktop', source: 'dpkg' as const }] };
    const reportedAt = Date.now();
    await agent.report(laptopFacts('yw-laptop-07', { apps: telegram }));

    // ONE email to the DSL, within seconds, naming the device, the keeper and the app.
    const [mail] = await smtp.waitFor(1, 10_000);
    expect(Date.now() - reportedAt).toBeLessThan(10_000);
    expect(mail!.to).toEqual(['dsl@charity.example.org']);
    expect(mail!.from).toBe('safefleet@charity.example.org');
    expect(mail!.subject).toBe('Safeguarding alert: Telegram found on yw-laptop-07 (Priya Shah)');
    expect(mail!.text).toContain('Device: yw-laptop-07');
    expect(mail!.text).toContain('Keeper: Priya Shah (priya@charity.example.org), Youth worker');
    expect(mail!.text).toContain('Apps: Telegram');
    expect(mail!.text).toContain(`${consoleProc.url}/devices/${creds.deviceId}`);

    // Teams, Slack and generic webhook payloads.
    await until('three webhook posts', async () => hooks.requests.length >= 3, 10_000);
    const teams = hooks.on('/teams')[0]!.body as { type: string; attachments: Array<{ contentType: string; content: { type: string } }> };
    expect(teams.type).toBe('message');
    expect(teams.attachments[0]).toMatchObject({ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard' } });
    expect(JSON.stringify(teams)).toContain('Telegram');
    const slack = hooks.on('/slack')[0]!.body as { text: string; blocks: unknown[] };
    expect(slack.text).toBe('Safeguarding alert: Telegram found on yw-laptop-07 (Priya Shah)');
    expect(slack.blocks.length).toBe(3);
    expect(hooks.on('/generic')[0]!.body).toMatchObject({
      event: 'alert-opened',
      link: `${consoleProc.url}/devices/${creds.deviceId}`,
      alert: { control: 'social-apps', category: 'safeguarding', hostname: 'yw-laptop-07', keeperName: 'Priya Shah' },
    });

    // The live feed and the feed's initial load show it; a concern is logged.
    await until('the alert on the live feed', async () => events.length >= 1, 10_000);
    expect(events[0]).toMatchObject({ type: 'alert-opened', alert: { deviceId: creds.deviceId, control: 'social-apps', status: 'open' } });
    const open = AlertList.parse(await (await api('/api/alerts?status=open')).json());
    expect(open.map((a) => [a.hostname, a.control])).toEqual([['yw-laptop-07', 'social-apps']]);
    const concerns = ConcernList.parse(await (await api('/api/concerns')).json());
    expect(concerns).toHaveLength(1);
    expect(concerns[0]).toMatchObject({
      id: open[0]!.concernId,
      status: 'to-triage',
      source: 'alert',
      hostname: 'yw-laptop-07',
      keeperName: 'Priya Shah',
    });

    // The same app again: nothing new.
    await agent.report(laptopFacts('yw-laptop-07', { apps: telegram }));
    await new Promise((r) => setTimeout(r, 2_000));
    expect(smtp.mails).toHaveLength(1);
    expect(hooks.requests).toHaveLength(3);
    expect(events).toHaveLength(1);

    // The app is removed: the alert resolves (feed, API, a "Resolved" email to the DSL).
    await agent.report(laptopFacts('yw-laptop-07'));
    await until('alert-resolved on the feed', async () => events.length >= 2, 10_000);
    expect(events[1]).toMatchObject({ type: 'alert-resolved', alert: { id: open[0]!.id, status: 'resolved' } });
    expect(AlertList.parse(await (await api('/api/alerts?status=open')).json())).toHaveLength(0);
    const [, resolved] = await smtp.waitFor(2, 10_000);
    expect(resolved!.subject).toBe('Resolved: No social media or messaging apps on yw-laptop-07 (Priya Shah)');
    const log = DeliveryList.parse(await (await api('/api/notifications/deliveries')).json());
    expect(log.filter((d) => d.kind === 'alert-opened').map((d) => [d.channel, d.status])).toEqual([
      ['webhook', 'sent'],
      ['webhook', 'sent'],
      ['webhook', 'sent'],
      ['email', 'sent'],
    ]);
  });
});
