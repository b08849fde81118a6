// Acceptance 2 (alerts): the mail server is down when an alert is raised. The console retries with
// backoff (small values through SAFEFLEET_DELIVERY_RETRY_*), the delivery log shows each failed
// attempt, and the email is delivered once the mail server comes back on the same port.
import { afterAll, describe, expect, it } from 'vitest';
import { DeliveryList } from '@safefleet/protocol';
import { EnvConsoleProcess, laptopFacts, RawAgent } from '../support/alerts-console.js';
import { freePort, removeTempDirs, stopAll, until } from '../support/processes.js';
import { MailCatcher } from '../support/smtp.js';

const smtp = new MailCatcher();
let agent: RawAgent | undefined;

afterAll(async () => {
  agent?.close();
  await stopAll();
  await smtp.stop();
  removeTempDirs();
});

describe('email delivery through a mail-server outage', () => {
  it('retries with growing waits, logs every attempt, delivers when the server is back', async () => {
    const port = await freePort(); // nothing listens there yet: the mail server is "down"
    const consoleProc = await EnvConsoleProcess.createWithEnv({
      SAFEFLEET_SMTP_URL: `smtp://127.0.0.1:${port}`,
      SAFEFLEET_DSL_EMAIL: 'dsl@charity.example.org',
      SAFEFLEET_DELIVERY_RETRY_BASE_MS: '250',
      SAFEFLEET_DELIVERY_RETRY_CAP_MS: '1000',
      SAFEFLEET_DELIVERY_MAX_ATTEMPTS: '100',
    });
    await consoleProc.start();
    const api = await consoleProc.login();

    const creds = await consoleProc.enrol('yw-laptop-09');
    agent = await RawAgent.connect(creds, 'yw-laptop-09');
    await agent.report(laptopFacts('yw-laptop-09', { apps: { status: 'ok', apps: [{ name: 'Signal', id: 'signal-desktop', source: 'dpkg' }] } }));

    const email = async () =>
      DeliveryList.parse(await (await api('/api/notifications/deliveries?kind=alert-opened')).json()).find((d) => d.channel === 'email');
    const failing = await until(
      'three failed attempts',
      async () => {
        const d = await email();
        return d && d.attempts >= 3 ? d : undefined;
      },
      20_000,
    );
    expect(failing.status).toBe('pending');
    expect(failing.target).toBe('dsl@charity.example.org');
    expect(failing.lastError).toMatch(/could not connect to the mail server/);
    expect(failing.attemptLog.slice(0, 3).every((a) => !a.ok && /ECONNREFUSED|connect/.test(a.error ?? ''))).toBe(true);
    const times = failing.attemptLog.map((a) => new Date(a.at).getTime());
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(240); // 250 ms
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(490); // 500 ms

    // The mail server comes back.
    await smtp.start(port);
    const [mail] = await smtp.waitFor(1, 15_000);
    expect(mail!.to).toEqual(['dsl@charity.example.org']);
    expect(mail!.subject).toBe('Safeguarding alert: Signal found on yw-laptop-09');

    const sent = await until('the delivery marked sent', async () => {
      const d = await email();
      return d?.status === 'sent' ? d : undefined;
    });
    expect(sent.attemptLog.length).toBe(sent.attempts);
    expect(sent.attemptLog.length).toBeGreaterThanOrEqual(4);
    expect(sent.attemptLog.slice(0, -1).every((a) => !a.ok)).toBe(true);
    expect(sent.attemptLog.at(-1)).toMatchObject({ ok: true, error: null });
    expect(sent.attemptLog.at(-1)!.response).toMatch(/^250 /);
    expect(sent.lastError).toBeNull();
    await new Promise((r) => setTimeout(r, 1_500));
    expect(smtp.mails).toHaveLength(1);
  });
});
