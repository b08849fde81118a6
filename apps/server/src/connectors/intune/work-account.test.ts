import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FactsInput } from '@safefleet/protocol';
import { adminCookie, createTestServer, enrolDevice, ingest, type TestServer } from '../../test-support/harness.js';
import { json, startHttpsFake, type HttpsFake } from '../../test-support/https-fake.js';

const NOW = new Date('2026-12-03T12:00:00.000Z');
const ago = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();
/** What the agent reports replaying test-bundles/windows-11-entra (the keeper signs in with a work account). */
const BUNDLE_FACTS = JSON.parse(
  readFileSync(new URL('../../../../agent/test-bundles/windows-11-entra/facts.json', import.meta.url), 'utf8'),
) as FactsInput;

describe('password age of a work account from Microsoft 365 (Graph fake over HTTPS)', { timeout: 60_000 }, () => {
  let server: TestServer;
  let fake: HttpsFake;
  let passwordAgeDays = 120;
  beforeEach(async () => {
    server = await createTestServer({ now: () => NOW });
    fake = await startHttpsFake((req, res) => {
      if (req.path === '/t/oauth2/v2.0/token') return json(res, 200, { token_type: 'Bearer', expires_in: 3599, access_token: 'tok' });
      if (req.headers.authorization !== 'Bearer tok') return json(res, 401, { error: { code: 'InvalidAuthenticationToken', message: 'no' } });
      if (req.path === '/v1.0/users') {
        return json(res, 200, {
          value: [
            {
              id: 'u1',
              displayName: 'Jo Bloggs (Young Carers)',
              userPrincipalName: 'jo.bloggs@youngcarers.org.uk',
              mail: 'jo.bloggs@youngcarers.org.uk',
              lastPasswordChangeDateTime: ago(passwordAgeDays),
            },
          ],
        });
      }
      if (req.path === '/v1.0/deviceManagement/managedDevices') return json(res, 200, { value: [] });
      return json(res, 404, { error: { code: 'NotFound', message: req.path } });
    });
  });
  afterEach(async () => {
    await fake.close();
    await server.close();
  });

  it('fails at 120 days naming the keeper and Microsoft 365, passes at 30 days', async () => {
    const app = server.app;
    const cookie = await adminCookie(app);
    const { deviceId } = await enrolDevice(app, cookie, 'YW-LAPTOP-07');
    app.services.devices.updateKeeper(deviceId, { name: 'Jo Bloggs', email: 'jo.bloggs@youngcarers.org.uk', role: 'Youth worker' }, 'test');
    ingest(app, deviceId, { ...BUNDLE_FACTS, collectedAt: NOW.toISOString() });
    const before = app.services.devices.detail(deviceId).findings.find((f) => f.control === 'password-age')!;
    expect(before.status).toBe('unknown'); // the device alone cannot know a work account's password date

    const connectors = app.services.tablets.connectors;
    connectors.http = { fetch: fake.fetch, sleep: async () => {} };
    connectors.configure(
      'intune',
      {
        settings: { tenantId: 't', clientId: 'c', tokenUrl: `${fake.url}/t/oauth2/v2.0/token`, graphBase: `${fake.url}/v1.0` },
        secret: 'the-client-secret',
      },
      'it-lead',
    );
    expect((await connectors.sync('intune', 'it-lead')).ok).toBe(true);
    const old = app.services.devices.detail(deviceId).findings.find((f) => f.control === 'password-age')!;
    expect(old.status).toBe('fail');
    expect(old.reason).toContain(
      "Password for Jo Bloggs’s Microsoft 365 account 'jo.bloggs@youngcarers.org.uk' was last changed 120 days ago (the limit is 90).",
    );
    expect(app.services.devices.detail(deviceId).status).toBe('noncompliant');

    passwordAgeDays = 30;
    await connectors.sync('intune', 'it-lead');
    const recent = app.services.devices.detail(deviceId).findings.find((f) => f.control === 'password-age')!;
    expect(recent.status).toBe('pass');
    expect(recent.reason).toContain("Jo Bloggs’s Microsoft 365 account 'jo.bloggs@youngcarers.org.uk' was last changed on");
  });
});
