// Issue 12: "Sent to" shows the true delivery state for every role — nothing sent when no recipient
// is set, "delivered" only once the real SMTP server took the message, "not delivered" when it
// refused — and a viewer sees that state without any address.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '@safefleet/protocol';
import { createAlertsTestServer } from '../../test-support/alerts-harness.js';
import { buildFacts } from '../../test-support/facts.js';
import { addUser, adminCookie, enrolDevice, ingest, login, type TestServer } from '../../test-support/harness.js';
import { MailCatcher, until } from '../../test-support/mail-catcher.js';

const telegram = { status: 'ok' as const, apps: [{ name: 'Telegram Desktop', id: 'telegram-desktop', source: 'dpkg' as const }] };

describe('true delivery state of an alert (real SMTP server)', () => {
  const smtp = new MailCatcher();
  let t: TestServer | undefined;
  beforeAll(() => smtp.start(0, { user: 'console', pass: 's3cret' }));
  afterAll(() => smtp.stop());
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  async function alertAs(opts: { dsl?: string; password?: string }) {
    t = await createAlertsTestServer({
      alerts: {
        retry: { baseMs: 20, capMs: 40, maxAttempts: 2 },
        env: {
          smtp: { host: '127.0.0.1', port: smtp.port, tls: 'none', user: 'console', password: opts.password ?? 's3cret' },
          ...(opts.dsl ? { dsl: { name: 'Dana Whitfield', email: opts.dsl } } : {}),
        },
      },
    });
    const admin = await adminCookie(t.app);
    await addUser(t.app, 'trustee@example.org', 'viewer');
    const viewer = await login(t.app, 'trustee@example.org');
    const { deviceId } = await enrolDevice(t.app, admin);
    ingest(t.app, deviceId, buildFacts({ apps: telegram }));
    const get = async (cookie: string) => {
      const list = (await t!.app.inject({ url: '/api/alerts?status=open', headers: { cookie } })).json<Alert[]>();
      return list.find((a) => a.control === 'social-apps')!;
    };
    return {
      admin: () => get(admin),
      viewer: () => get(viewer),
      raw: async () => (await t!.app.inject({ url: '/api/alerts', headers: { cookie: viewer } })).body,
    };
  }

  it('no recipient set: "none" for the admin and the viewer alike', async () => {
    const a = await alertAs({});
    expect((await a.admin()).delivery).toMatchObject({ state: 'none', sent: 0 });
    expect((await a.viewer()).delivery).toMatchObject({ state: 'none', sent: 0 });
  });

  it('the mail server took it: "sent" with the time, and the viewer sees it without the address', async () => {
    const a = await alertAs({ dsl: 'dana@example.org' });
    await smtp.waitFor(1);
    const sent = await until('delivered', async () => {
      const v = await a.viewer();
      return v.delivery?.state === 'sent' ? v : undefined;
    });
    expect(sent.delivery).toMatchObject({ state: 'sent', sent: 1, failed: 0, pending: 0 });
    expect(sent.delivery?.lastSentAt).toEqual(expect.any(String));
    expect(sent.redacted).toBe(true);
    expect(await a.raw()).not.toContain('dana@example.org');
  });

  it('the mail server refused it: "failed", not "sent"', async () => {
    const a = await alertAs({ dsl: 'dana@example.org', password: 'wrong-password' });
    const failed = await until('given up', async () => {
      const v = await a.admin();
      return v.delivery?.state === 'failed' ? v : undefined;
    });
    expect(failed.delivery).toMatchObject({ state: 'failed', sent: 0, failed: 1 });
    expect((await a.viewer()).delivery?.state).toBe('failed');
  });
});
