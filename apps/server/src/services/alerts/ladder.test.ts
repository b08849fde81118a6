import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Alert, Delivery } from '@safefleet/protocol';
import { runCheckinJob } from '../../scheduler/checkin.job.js';
import { createAlertsTestServer } from '../../test-support/alerts-harness.js';
import { buildFacts } from '../../test-support/facts.js';
import { adminCookie, enrolDevice, ingest, type TestServer } from '../../test-support/harness.js';
import { MailCatcher } from '../../test-support/mail-catcher.js';

const DAY = 24 * 3_600_000;
const unencrypted = { status: 'ok' as const, volumes: [{ mount: '/', encrypted: false, isSystem: true }] };

describe('grace ladder, stale devices and the daily digest', () => {
  const smtp = new MailCatcher();
  let t: TestServer;
  let now: Date;
  let deviceId: string;
  const start = new Date('2026-11-20T09:00:00.000Z');

  beforeAll(() => smtp.start());
  afterAll(() => smtp.stop());
  beforeEach(async () => {
    smtp.mails.length = 0;
    now = start;
    t = await createAlertsTestServer({
      now: () => now,
      alerts: { env: { smtp: { host: '127.0.0.1', port: smtp.port, tls: 'none', user: null }, itLead: { name: '', email: 'it@example.org' } } },
    });
    const admin = await adminCookie(t.app);
    deviceId = (await enrolDevice(t.app, admin)).deviceId;
    await api('PATCH', `/api/devices/${deviceId}`, { keeper: { name: 'Sam Patel', email: 'sam@example.org', role: '' } });
    await api('PUT', '/api/notifications/settings', { dsl: { name: 'Dana', email: 'dsl@example.org' } });
  });
  afterEach(() => t.close());

  async function api<T = unknown>(method: 'GET' | 'PUT' | 'PATCH' | 'POST' | 'DELETE', url: string, payload?: unknown): Promise<T> {
    const cookie = await adminCookie(t.app);
    const r = await t.app.inject({ method, url, headers: { cookie }, ...(payload === undefined ? {} : { payload: payload as object }) });
    if (r.statusCode >= 300) throw new Error(`${method} ${url}: ${r.statusCode} ${r.body}`);
    return r.json<T>();
  }
  const ladder = (at: Date) => {
    now = at;
    return t.app.services.alertLadder.run(at);
  };

  it('day 0 IT lead, day N keeper reminder, day M escalation to DSL and IT lead, each once', async () => {
    ingest(t.app, deviceId, buildFacts({ encryption: unencrypted }, now));
    await smtp.waitFor(1);
    expect(smtp.mails.map((m) => m.to)).toEqual([['it@example.org']]);

    expect(ladder(new Date(start.getTime() + DAY - 60_000))).toMatchObject({ open: 1, reminded: 0, escalated: 0 });
    expect(ladder(new Date(start.getTime() + DAY))).toMatchObject({ reminded: 1, escalated: 0 });
    await smtp.waitFor(2);
    expect(smtp.mails[1]!.to).toEqual(['sam@example.org']);
    expect(smtp.mails[1]!.subject).toBe('Please fix: Disk encryption on yw-laptop-01');
    expect(smtp.mails[1]!.text).toContain('How to fix it:');
    expect(ladder(new Date(start.getTime() + 2 * DAY))).toMatchObject({ reminded: 0, escalated: 0 });

    expect(ladder(new Date(start.getTime() + 7 * DAY))).toMatchObject({ reminded: 0, escalated: 1 });
    await smtp.waitFor(4);
    const escalation = smtp.mails.slice(2);
    expect(escalation.map((m) => m.to[0]).sort()).toEqual(['dsl@example.org', 'it@example.org']);
    expect(escalation[0]!.subject).toBe('Still not fixed after 7 days: Disk encryption on yw-laptop-01 (Sam Patel)');
    expect(ladder(new Date(start.getTime() + 8 * DAY))).toMatchObject({ reminded: 0, escalated: 0 });
    const [alert] = await api<Alert[]>('GET', '/api/alerts?status=open');
    expect(alert).toMatchObject({
      remindedAt: new Date(start.getTime() + DAY).toISOString(),
      escalatedAt: new Date(start.getTime() + 7 * DAY).toISOString(),
    });
  });

  it('ladder steps are editable per control; null switches a step off', async () => {
    await api('PUT', '/api/notifications/settings', { ladder: { 'disk-encryption': { remindKeeperAfterDays: null, escalateAfterDays: 3 } } });
    ingest(t.app, deviceId, buildFacts({ encryption: unencrypted }, now));
    expect(ladder(new Date(start.getTime() + 2 * DAY))).toMatchObject({ reminded: 0, escalated: 0 });
    expect(ladder(new Date(start.getTime() + 3 * DAY))).toMatchObject({ reminded: 0, escalated: 1 });
    const view = await api<{ settings: { ladder: Record<string, unknown> }; sources: Record<string, string> }>('GET', '/api/notifications/settings');
    expect(view.settings.ladder['disk-encryption']).toEqual({ remindKeeperAfterDays: null, escalateAfterDays: 3 });
    expect(view.settings.ladder['antivirus']).toEqual({ remindKeeperAfterDays: 1, escalateAfterDays: 7 });
    expect(view.sources).toMatchObject({ ladder: 'console', itLead: 'environment', dsl: 'console', smtp: 'environment', digest: 'default' });
  });

  it('a device silent past its check-in window alerts the IT lead; a revoked device’s alerts are resolved', async () => {
    ingest(t.app, deviceId, buildFacts({}, now));
    const later = new Date(start.getTime() + 25 * 3_600_000);
    now = later;
    runCheckinJob(t.app.services, later);
    const [mail] = await smtp.waitFor(1);
    expect(mail!.to).toEqual(['it@example.org']);
    expect(mail!.subject).toBe('Device not reporting: yw-laptop-01 (Sam Patel)');
    expect((await api<Alert[]>('GET', '/api/alerts?status=open')).map((a) => a.control)).toEqual(['agent-checkin']);

    await api('DELETE', `/api/devices/${deviceId}`);
    expect(ladder(later)).toMatchObject({ resolved: 1 });
    expect((await api<Alert[]>('GET', '/api/alerts'))[0]).toMatchObject({
      status: 'resolved',
      resolvedReason: 'The device was removed from the console.',
    });
  });

  it('with the digest on, technical emails wait for one summary; safeguarding ones never wait', async () => {
    await api('PUT', '/api/notifications/settings', { digest: { enabled: true, time: '08:00', timezone: 'Europe/London' } });
    ingest(t.app, deviceId, buildFacts({ encryption: unencrypted }, now));
    ingest(
      t.app,
      deviceId,
      buildFacts({ encryption: unencrypted, apps: { status: 'ok', apps: [{ name: 'ZapZap', id: 'com.rtosta.zapzap', source: 'flatpak' }] } }, now),
      2,
    );
    await smtp.waitFor(1);
    expect(smtp.mails.map((m) => m.to[0])).toEqual(['dsl@example.org']);
    const held = await api<Delivery[]>('GET', '/api/notifications/deliveries?status=held');
    expect(held.map((d) => [d.kind, d.target])).toEqual([['alert-opened', 'it@example.org']]);

    expect(t.app.services.digest.run(now)).toEqual({ digests: 1, items: 1 });
    await smtp.waitFor(2);
    expect(smtp.mails[1]!.to).toEqual(['it@example.org']);
    expect(smtp.mails[1]!.subject).toBe('Safefleet daily summary: 1 new problem, 0 fixed');
    expect(smtp.mails[1]!.text).toContain('Disk encryption on yw-laptop-01 (Sam Patel)');
    expect(smtp.mails[1]!.text).toContain(`https://console.example.org/devices/${deviceId}`);
    expect(await api<Delivery[]>('GET', '/api/notifications/deliveries?status=digested')).toHaveLength(1);
    expect(t.app.services.digest.run(now)).toEqual({ digests: 0, items: 0 });
  });
});
