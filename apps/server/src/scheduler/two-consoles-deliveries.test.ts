import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Delivery } from '@safefleet/protocol';
import { buildApp } from '../app.js';
import { openDatabase, type AppDatabase } from '../db/client.js';
import { createAlertsTestServer } from '../test-support/alerts-harness.js';
import { adminCookie, type TestServer } from '../test-support/harness.js';
import { MailCatcher, until } from '../test-support/mail-catcher.js';

const RETRY = { baseMs: 40, capMs: 80, maxAttempts: 200 };

/**
 * Two consoles (two apps, two connections) on one SQLite file share one delivery queue: both
 * workers wake for the same retries, and each attempt is made by one of them only.
 */
describe('delivery retries with two consoles on one database', () => {
  let t: TestServer | undefined;
  let second: { app: FastifyInstance; db: AppDatabase } | undefined;
  const smtp = new MailCatcher();
  afterEach(async () => {
    await second?.app.close();
    second?.db.close();
    second = undefined;
    await t?.close();
    await smtp.stop();
  });

  it('no attempt is made twice and each message is sent once', async () => {
    // The mail server is down at first: its port is found, then closed.
    await smtp.start(0);
    const port = smtp.port;
    await smtp.stop();
    t = await createAlertsTestServer({ alerts: { retry: RETRY } });
    const admin = await adminCookie(t.app);
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/notifications/settings',
      headers: { cookie: admin },
      payload: { smtp: { host: '127.0.0.1', port, tls: 'none' } },
    });
    expect(put.statusCode).toBe(200);

    // The second console: its own connection to the same file, its own delivery worker.
    const secondAttempts: number[] = [];
    const db = openDatabase(t.database.file);
    const app = await buildApp({
      db,
      config: t.app.services.ctx.config,
      alerts: { retry: RETRY },
      logger: {
        level: 'warn',
        stream: {
          write(line: string) {
            const entry = JSON.parse(line) as { msg?: string; attempt?: number };
            if (entry.msg === 'sending failed; will retry' && entry.attempt) secondAttempts.push(entry.attempt);
          },
        },
      },
    });
    second = { app, db };
    await app.ready();
    // A worker polls every 30 s and is woken at once only by messages its own console queues: wake
    // both every few milliseconds so they race for every attempt.
    const wake = setInterval(() => {
      t?.app.services.deliveries.kick();
      app.services.deliveries.kick();
    }, 3);
    onTestFinished(() => clearInterval(wake));

    const ids: number[] = [];
    for (const to of ['a@example.org', 'b@example.org', 'c@example.org']) {
      const sent = await t.app.inject({ method: 'POST', url: '/api/notifications/test', headers: { cookie: admin }, payload: { to } });
      expect(sent.statusCode).toBe(202);
      ids.push(sent.json<Delivery>().id);
    }
    const log = async () =>
      (await t!.app.inject({ url: '/api/notifications/deliveries', headers: { cookie: admin } }))
        .json<Delivery[]>()
        .filter((d) => ids.includes(d.id));
    await until('eight failed attempts of each', async () => (await log()).every((d) => d.attempts >= 8), 30_000);

    await smtp.start(port);
    await smtp.waitFor(3, 20_000);
    const done = await until('all sent', async () => {
      const ds = await log();
      return ds.every((d) => d.status === 'sent') ? ds : undefined;
    });
    // A little longer: a second sender would show up now.
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.mails.map((m) => m.to[0]).sort()).toEqual(['a@example.org', 'b@example.org', 'c@example.org']);
    for (const d of done) {
      const numbers = d.attemptLog.map((a) => a.attempt);
      expect(numbers).toEqual(Array.from({ length: d.attempts }, (_, i) => i + 1));
    }
    // Both workers took part.
    const total = done.reduce((n, d) => n + d.attempts - 1, 0);
    expect(secondAttempts.length).toBeGreaterThan(0);
    expect(secondAttempts.length).toBeLessThan(total);
  });
});
