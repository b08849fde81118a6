// Issue 12, acceptance 1: every laptop has Microsoft Teams and one also has Telegram. With Teams
// approved as a work channel, only the Telegram laptop fails, exactly one concern waits for
// triage, and the DSL's email (caught by a real SMTP server) names Telegram, the keeper and the
// concern's link.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Concern, DeviceSummary, PolicySettings } from '@safefleet/protocol';
import { createAlertsTestServer } from '../../test-support/alerts-harness.js';
import { buildFacts } from '../../test-support/facts.js';
import { adminCookie, enrolDevice, ingest, type TestServer } from '../../test-support/harness.js';
import { MailCatcher } from '../../test-support/mail-catcher.js';

const teams = { name: 'Microsoft Teams', id: 'MSTeams_8wekyb3d8bbwe', source: 'win32' as const };
const telegram = { name: 'Telegram Desktop', id: '{53F49750-6209-4FBF-9CA8-7A333C87D1ED}_is1', source: 'win32' as const };
const firefox = { name: 'Mozilla Firefox (x64 en-GB)', id: 'Mozilla Firefox', source: 'win32' as const };

describe('approved channels: Teams everywhere, Telegram on one laptop (real SMTP)', () => {
  const smtp = new MailCatcher();
  let t: TestServer;
  let admin: string;

  beforeAll(async () => {
    await smtp.start();
    t = await createAlertsTestServer({ alerts: { env: { smtp: { host: '127.0.0.1', port: smtp.port, tls: 'none', user: null } } } });
    admin = await adminCookie(t.app);
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/notifications/settings',
      headers: { cookie: admin },
      payload: { dsl: { name: 'Dana Lee', email: 'dsl@example.org' }, mailFrom: 'Safefleet <alerts@example.org>' },
    });
    expect(put.statusCode).toBe(200);
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  it('only the Telegram laptop fails; one concern waits; its email names Telegram, the keeper and the concern link', async () => {
    // Until the organisation chooses, Teams is not allowed.
    const policy = (await t.app.inject({ url: '/api/policy', headers: { cookie: admin } })).json<PolicySettings>();
    expect(policy.approvedChannels).toEqual({ chosen: false, appIds: [] });
    const saved = await t.app.inject({
      method: 'PUT',
      url: '/api/policy',
      headers: { cookie: admin },
      payload: { ...policy, approvedChannels: { chosen: true, appIds: ['teams'] } },
    });
    expect(saved.statusCode).toBe(200);

    const keepers = ['Sam Patel', 'Priya Shah', 'Tom Green', 'Ada Obi', 'Lee Chan'];
    const ids: string[] = [];
    for (const [i, name] of keepers.entries()) {
      const hostname = `yw-laptop-0${i + 1}`;
      const { deviceId } = await enrolDevice(t.app, admin, hostname);
      ids.push(deviceId);
      const email = `${name.split(' ')[0]!.toLowerCase()}@example.org`;
      await t.app.inject({
        method: 'PATCH',
        url: `/api/devices/${deviceId}`,
        headers: { cookie: admin },
        payload: { keeper: { name, email, role: 'Youth worker' } },
      });
      const apps = i === 1 ? [firefox, teams, telegram] : [firefox, teams];
      ingest(
        t.app,
        deviceId,
        buildFacts({ apps: { status: 'ok', apps }, os: { status: 'ok', platform: 'win32', distro: 'Windows 11 Pro', release: '23H2', hostname } }),
      );
    }

    const devices = (await t.app.inject({ url: '/api/devices', headers: { cookie: admin } })).json<DeviceSummary[]>();
    const social = (d: DeviceSummary) => d.findings.find((f) => f.control === 'social-apps')?.status;
    expect(devices.filter((d) => social(d) === 'fail').map((d) => d.hostname)).toEqual(['yw-laptop-02']);
    expect(devices.filter((d) => social(d) === 'pass')).toHaveLength(4);

    const waiting = (await t.app.inject({ url: '/api/concerns?status=to-triage', headers: { cookie: admin } })).json<Concern[]>();
    expect(waiting).toHaveLength(1);
    expect(waiting[0]).toMatchObject({ deviceId: ids[1], keeperName: 'Priya Shah', appIds: ['telegram'], status: 'to-triage' });

    const [mail] = await smtp.waitFor(1);
    expect(smtp.mails).toHaveLength(1);
    expect(mail!.to).toEqual(['dsl@example.org']);
    expect(mail!.subject).toBe('Safeguarding alert: Telegram found on yw-laptop-02 (Priya Shah)');
    expect(mail!.text).toContain('Your decision is needed: Safefleet found Telegram on yw-laptop-02, the device kept by Priya Shah.');
    expect(mail!.text).toContain('Keeper: Priya Shah (priya@example.org), Youth worker');
    expect(mail!.text).toContain(`https://console.example.org/concerns/${waiting[0]!.id}`);
    expect(mail!.text).not.toContain('Teams');
    expect(mail!.text).not.toContain('53F49750'); // no package ids
    expect(mail!.html).toContain(`href="https://console.example.org/concerns/${waiting[0]!.id}"`);
  });
});
