import { afterEach, describe, expect, it } from 'vitest';
import type { Delivery } from '@safefleet/protocol';
import { createAlertsTestServer } from '../../test-support/alerts-harness.js';
import { adminCookie, type TestServer } from '../../test-support/harness.js';
import { MailCatcher, until, WebhookReceiver } from '../../test-support/mail-catcher.js';
import { backoffMs, DEFAULT_ALERTS_OPTIONS } from '../alerts/options.js';

describe('delivery log: retry with backoff', () => {
  let t: TestServer | undefined;
  const smtp = new MailCatcher();
  const hooks = new WebhookReceiver();
  afterEach(async () => {
    await t?.close();
    await smtp.stop();
    await hooks.stop();
  });

  it('doubles the wait up to the cap', () => {
    const retry = { baseMs: 1000, capMs: 5000, maxAttempts: 9 };
    expect([1, 2, 3, 4, 5].map((n) => backoffMs(n, retry))).toEqual([1000, 2000, 4000, 5000, 5000]);
    expect(backoffMs(1, DEFAULT_ALERTS_OPTIONS.retry)).toBe(30_000);
  });

  it('SMTP down: retried with backoff, delivered when it comes back, every attempt logged', async () => {
    // Find a free port, then leave it closed: the mail server is "down".
    await smtp.start(0, { user: 'console', pass: 's3cret' });
    const port = smtp.port;
    await smtp.stop();
    t = await createAlertsTestServer({ alerts: { retry: { baseMs: 100, capMs: 400, maxAttempts: 50 } } });
    const admin = await adminCookie(t.app);
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/notifications/settings',
      headers: { cookie: admin },
      payload: { smtp: { host: '127.0.0.1', port, tls: 'none', user: 'console', password: 's3cret' } },
    });
    expect(put.json().settings.smtp).toEqual({ host: '127.0.0.1', port, tls: 'none', user: 'console', hasPassword: true });
    expect(JSON.stringify(put.json())).not.toContain('s3cret');

    const sent = await t.app.inject({
      method: 'POST',
      url: '/api/notifications/test',
      headers: { cookie: admin },
      payload: { to: 'dsl@example.org' },
    });
    expect(sent.statusCode).toBe(202);
    const id = sent.json<Delivery>().id;
    const log = async () =>
      (await t!.app.inject({ url: '/api/notifications/deliveries', headers: { cookie: admin } })).json<Delivery[]>().find((d) => d.id === id)!;

    await until('three failed attempts', async () => (await log()).attempts >= 3, 10_000);
    const failing = await log();
    expect(failing.status).toBe('pending');
    expect(failing.lastError).toMatch(/could not connect to the mail server/);
    expect(failing.attemptLog.every((a) => !a.ok && a.error)).toBe(true);
    // The waits grow: 100 ms, 200 ms, 400 ms…
    const gaps = failing.attemptLog.slice(1).map((a, i) => new Date(a.at).getTime() - new Date(failing.attemptLog[i]!.at).getTime());
    expect(gaps[0]).toBeGreaterThanOrEqual(90);
    expect(gaps[1]).toBeGreaterThanOrEqual(190);

    // The mail server comes back on the same port.
    await smtp.start(port, { user: 'console', pass: 's3cret' });
    const [mail] = await smtp.waitFor(1, 10_000);
    expect(mail!.to).toEqual(['dsl@example.org']);
    expect(mail!.subject).toBe('Safefleet test email');
    const done = await until('sent', async () => {
      const d = await log();
      return d.status === 'sent' ? d : undefined;
    });
    expect(done.attemptLog.at(-1)).toMatchObject({ ok: true, error: null });
    expect(done.attemptLog.at(-1)!.response).toMatch(/^250/);
    expect(done.attemptLog.length).toBe(done.attempts);
    expect(smtp.mails).toHaveLength(1);
  });

  it('gives up after maxAttempts and can be retried by hand', async () => {
    t = await createAlertsTestServer({ alerts: { retry: { baseMs: 20, capMs: 20, maxAttempts: 2 } } });
    const admin = await adminCookie(t.app);
    const sent = await t.app.inject({ method: 'POST', url: '/api/notifications/test', headers: { cookie: admin }, payload: { to: 'x@example.org' } });
    const id = sent.json<Delivery>().id;
    const get = async () =>
      (await t!.app.inject({ url: '/api/notifications/deliveries?status=failed', headers: { cookie: admin } })).json<Delivery[]>();
    const failed = await until('failed', async () => (await get()).find((d) => d.id === id));
    expect(failed.attempts).toBe(2);
    expect(failed.lastError).toMatch(/No mail server is set up/);
    const retried = await t.app.inject({ method: 'POST', url: `/api/notifications/deliveries/${id}/retry`, headers: { cookie: admin } });
    expect(retried.statusCode).toBe(200);
    await until('failed again', async () => (await get()).find((d) => d.id === id && d.attempts === 3));
    const again = await t.app.inject({ method: 'POST', url: '/api/notifications/deliveries/999/retry', headers: { cookie: admin } });
    expect(again.statusCode).toBe(404);
  });

  it('a webhook answering 500 is retried until it answers 200', async () => {
    await hooks.start();
    hooks.status = 500;
    t = await createAlertsTestServer({ alerts: { retry: { baseMs: 100, capMs: 100, maxAttempts: 100 } } });
    const admin = await adminCookie(t.app);
    await t.app.inject({
      method: 'POST',
      url: '/api/notifications/recipients',
      headers: { cookie: admin },
      payload: { channel: 'webhook', name: 'Ops', url: hooks.url('/hook'), format: 'generic' },
    });
    const { transaction } = await import('../context.js');
    transaction(t.app.services.ctx, (tx) =>
      t!.app.services.deliveries.queue(tx, {
        kind: 'test',
        route: { channel: 'webhook', destination: hooks.url('/hook'), format: 'generic', label: 'Ops', held: false },
        subject: 'hello',
        payload: { hello: 1 },
        dedupeKey: 'test:webhook',
      }),
    );
    t.app.services.deliveries.kick();
    await until('two webhook attempts', () => hooks.requests.length >= 2);
    hooks.status = 200;
    const all = async () => (await t!.app.inject({ url: '/api/notifications/deliveries?kind=test', headers: { cookie: admin } })).json<Delivery[]>();
    const hook = await until('webhook sent', async () => (await all()).find((d) => d.channel === 'webhook' && d.status === 'sent'));
    expect(hook.attemptLog[0]).toMatchObject({ ok: false, error: 'the webhook answered HTTP 500: nope' });
    expect(hook.attemptLog.at(-1)).toMatchObject({ ok: true, response: 'HTTP 200' });
    expect(hook.target).toBe(`http://127.0.0.1:${hooks.port}/…`);
    expect(hooks.requests.every((r) => r.body.hello === 1)).toBe(true);
  });
});
