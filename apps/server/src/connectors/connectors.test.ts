import { createVerify, generateKeyPairSync } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../test-support/harness.js';
import { json, startHttpsFake, type HttpsFake } from '../test-support/https-fake.js';

const NOW = new Date('2026-12-03T12:00:00.000Z');
const ago = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();

/** Google Directory API fake: mobiledevices.list in its real shape, two pages, a 429, an expired token. */
function googleFake(publicKey: string) {
  let tokens = 0;
  let page2Calls = 0;
  return (fail: { badKey?: boolean } = {}) =>
    (req: import('../test-support/https-fake.js').FakeRequest, res: import('node:http').ServerResponse) => {
      if (req.method === 'POST' && req.path === '/token') {
        const form = new URLSearchParams(req.body);
        const [h, c, sig] = (form.get('assertion') ?? '').split('.');
        const verify = createVerify('RSA-SHA256');
        verify.update(`${h}.${c}`);
        const claims = JSON.parse(Buffer.from(c ?? '', 'base64url').toString()) as { scope: string; sub: string };
        if (
          fail.badKey ||
          !verify.verify(publicKey, sig ?? '', 'base64url') ||
          form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer'
        ) {
          return json(res, 400, { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' });
        }
        expect(claims.scope).toBe('https://www.googleapis.com/auth/admin.directory.device.mobile.readonly');
        expect(claims.sub).toBe('admin@charity.org');
        return json(res, 200, { access_token: `g-tok-${++tokens}`, expires_in: 3599, token_type: 'Bearer' });
      }
      if (req.path === '/admin/directory/v1/customer/my_customer/devices/mobile') {
        if (req.headers.authorization === 'Bearer g-tok-1') {
          return json(res, 401, {
            error: {
              code: 401,
              message: 'Request had invalid authentication credentials. Expected OAuth 2 access token.',
              status: 'UNAUTHENTICATED',
            },
          });
        }
        expect(req.url.searchParams.get('projection')).toBe('FULL');
        if (!req.url.searchParams.get('pageToken')) {
          return json(res, 200, {
            kind: 'admin#directory#mobiledevices',
            mobiledevices: [
              {
                kind: 'admin#directory#mobiledevice',
                resourceId: 'AFiQxQ8a',
                deviceId: 'd1',
                name: ['Jo Bloggs'],
                email: ['jo@charity.org'],
                model: 'iPad (10th generation)',
                os: 'iPadOS 26.1',
                type: 'IOS_SYNC',
                status: 'APPROVED',
                lastSync: ago(1),
                serialNumber: 'DMPX0001',
                deviceCompromisedStatus: 'No compromise detected',
                encryptionStatus: 'Encrypted',
                devicePasswordStatus: 'On',
              },
            ],
            nextPageToken: 'page-2',
          });
        }
        if (++page2Calls === 1)
          return json(res, 429, { error: { code: 429, message: 'Quota exceeded', status: 'RESOURCE_EXHAUSTED' } }, { 'retry-after': '0' });
        return json(res, 200, {
          kind: 'admin#directory#mobiledevices',
          mobiledevices: [
            {
              kind: 'admin#directory#mobiledevice',
              resourceId: 'AFiQxQ8b',
              name: ['Sam Patel'],
              email: ['sam@charity.org'],
              model: 'Galaxy Tab A9',
              os: 'Android 14',
              type: 'ANDROID',
              status: 'APPROVED',
              lastSync: ago(1),
              serialNumber: 'R9AW0001',
              releaseVersion: '14',
              securityPatchLevel: String(Date.parse(ago(200))),
              encryptionStatus: 'Encrypted',
              devicePasswordStatus: 'On',
              deviceCompromisedStatus: 'No compromise detected',
              applications: [
                { packageName: 'com.whatsapp', displayName: 'WhatsApp', versionName: '2.24.1', versionCode: 1, permission: [] },
                { packageName: 'com.google.android.gm', displayName: 'Gmail', versionName: '2024.1', versionCode: 2, permission: [] },
              ],
            },
          ],
        });
      }
      json(res, 404, { error: { code: 404, message: 'not found' } });
    };
}

/** Microsoft Graph fake: managedDevices with @odata.nextLink, detectedApps, users, a 503, an expired token. */
function graphFake(base: () => string, passwordAgeDays: number) {
  let tokens = 0;
  let devicesPage2 = 0;
  const devices = [
    {
      id: 'w1',
      deviceName: 'YW-LAPTOP-03',
      operatingSystem: 'Windows',
      osVersion: '10.0.22631.3880',
      serialNumber: 'PF3X',
      lastSyncDateTime: ago(1),
    },
    {
      id: 'a1',
      deviceName: 'EVENTS-TAB-2',
      operatingSystem: 'Android',
      osVersion: '14',
      androidSecurityPatchLevel: ago(200).slice(0, 10),
      isEncrypted: true,
      jailBroken: 'False',
      serialNumber: 'R9AW0002',
      model: 'SM-X210',
      manufacturer: 'samsung',
      userPrincipalName: 'sam@charity.org',
      userDisplayName: 'Sam Patel',
      lastSyncDateTime: ago(2),
      managedDeviceOwnerType: 'company',
      partnerReportedThreatState: 'unknown',
    },
    {
      id: 'i1',
      deviceName: 'Youth iPad 3',
      operatingSystem: 'iOS',
      osVersion: '26.1',
      isEncrypted: true,
      jailBroken: 'False',
      serialNumber: 'DMPX0003',
      model: 'iPad Air (5th generation)',
      userPrincipalName: 'jo@charity.org',
      userDisplayName: 'Jo Bloggs',
      lastSyncDateTime: ago(1),
    },
  ];
  const apps: Record<string, unknown[]> = {
    a1: [
      { id: 'x1', displayName: 'WhatsApp', version: '2.24', platform: 'androidDeviceAdministrator' },
      { id: 'x2', displayName: 'Microsoft Teams', version: '1' },
    ],
    i1: [{ id: 'x3', displayName: 'Pages', version: '14' }],
  };
  return (fail: { expiredSecret?: boolean } = {}) =>
    (req: import('../test-support/https-fake.js').FakeRequest, res: import('node:http').ServerResponse) => {
      if (req.method === 'POST' && req.path === '/tenant-1/oauth2/v2.0/token') {
        const form = new URLSearchParams(req.body);
        if (fail.expiredSecret || form.get('client_secret') !== 'the-client-secret') {
          return json(res, 401, {
            error: 'invalid_client',
            error_description:
              "AADSTS7000222: The provided client secret keys for app 'c1' are expired. Visit the Azure portal to create new keys for your app.",
          });
        }
        expect(form.get('scope')).toBe('https://graph.microsoft.com/.default');
        return json(res, 200, { token_type: 'Bearer', expires_in: 3599, access_token: `m-tok-${++tokens}` });
      }
      if (req.headers.authorization === 'Bearer m-tok-1') {
        return json(res, 401, { error: { code: 'InvalidAuthenticationToken', message: 'Access token has expired or is not yet valid.' } });
      }
      if (req.path === '/v1.0/users') {
        const users = [
          {
            id: 'u1',
            displayName: 'Jo Bloggs',
            userPrincipalName: 'jo@charity.org',
            mail: 'jo@charity.org',
            lastPasswordChangeDateTime: ago(passwordAgeDays),
          },
          { id: 'u2', displayName: 'Sam Patel', userPrincipalName: 'sam@charity.org', mail: 'sam@charity.org', lastPasswordChangeDateTime: ago(5) },
        ];
        if (req.url.searchParams.get('$skiptoken')) return json(res, 200, { '@odata.context': 'x', value: users.slice(1) });
        return json(res, 200, { '@odata.context': 'x', value: users.slice(0, 1), '@odata.nextLink': `${base()}/v1.0/users?$skiptoken=2` });
      }
      if (req.path === '/v1.0/deviceManagement/managedDevices') {
        if (req.url.searchParams.get('$skiptoken')) {
          if (++devicesPage2 === 1) return json(res, 503, { error: { code: 'ServiceUnavailable', message: 'try later' } }, { 'retry-after': '0' });
          return json(res, 200, { value: devices.slice(2) });
        }
        return json(res, 200, {
          '@odata.context': 'x',
          value: devices.slice(0, 2),
          '@odata.nextLink': `${base()}/v1.0/deviceManagement/managedDevices?$skiptoken=p2`,
        });
      }
      const one = /^\/v1\.0\/deviceManagement\/managedDevices\/(\w+)$/.exec(req.path);
      if (one) {
        expect(req.url.searchParams.get('$expand')).toBe('detectedApps');
        const d = devices.find((x) => x.id === one[1]);
        return d ? json(res, 200, { ...d, detectedApps: apps[d.id] ?? [] }) : json(res, 404, { error: { code: 'ResourceNotFound', message: 'no' } });
      }
      json(res, 404, { error: { code: 'BadRequest', message: `no route ${req.path}` } });
    };
}

describe('MDM connectors against local HTTPS fakes of Google Workspace and Microsoft Graph', { timeout: 60_000 }, () => {
  let server: TestServer;
  let fake: HttpsFake | null = null;
  beforeEach(async () => {
    server = await createTestServer({ now: () => NOW });
  });
  afterEach(async () => {
    await fake?.close();
    fake = null;
    await server.close();
  });

  it('Google: pages, retries a 429, renews an expired token; tablets show with findings; a bad key gives a clear message', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    const handlers = googleFake(publicKey);
    let mode: { badKey?: boolean } = {};
    fake = await startHttpsFake((req, res) => handlers(mode)(req, res));
    const connectors = server.app.services.tablets.connectors;
    connectors.http = { fetch: fake.fetch, sleep: async () => {} };
    const secret = JSON.stringify({ type: 'service_account', client_email: 'safefleet@charity.iam.gserviceaccount.com', private_key: privateKey });
    connectors.configure(
      'google-workspace',
      { settings: { adminEmail: 'admin@charity.org', tokenUrl: `${fake.url}/token`, apiBase: fake.url }, secret },
      'it-lead',
    );

    // Stored sealed; never shown again.
    const row = server.database.sqlite.prepare("select secret_enc from connectors where provider = 'google-workspace'").get() as {
      secret_enc: string;
    };
    expect(row.secret_enc.startsWith('v1:')).toBe(true);
    expect(row.secret_enc).not.toContain('PRIVATE KEY');
    expect(JSON.stringify(connectors.list())).not.toContain('PRIVATE KEY');

    const result = await connectors.sync('google-workspace', 'it-lead');
    expect(result.message).toBe('2 tablets and phones (2 new)');
    expect(fake.log.filter((r) => r.path === '/token')).toHaveLength(2); // the first token was "expired"
    expect(fake.log.filter((r) => r.url.searchParams.get('pageToken') === 'page-2')).toHaveLength(2); // 429, then the page

    const devices = server.app.services.devices.list();
    const android = devices.find((d) => d.serial === 'R9AW0001')!;
    expect(android).toMatchObject({ kind: 'tablet', platform: 'android', assurance: 'Reported by Google Workspace', status: 'noncompliant' });
    const f = Object.fromEntries(android.findings.map((x) => [x.control, x]));
    expect(f['os-updates']).toMatchObject({ status: 'fail' });
    expect(f['os-updates']!.reason).toMatch(/Google Workspace reports Android security patch level \d{4}-\d{2}-\d{2}, 200 days old/);
    expect(f['social-apps']).toMatchObject({ status: 'fail' });
    expect(f['social-apps']!.reason).toContain('WhatsApp');
    expect(f.antivirus!.status).toBe('pass');
    const ipad = devices.find((d) => d.serial === 'DMPX0001')!;
    expect(ipad).toMatchObject({ kind: 'tablet', platform: 'ipados', keeper: { email: 'jo@charity.org' } });
    expect(Object.fromEntries(ipad.findings.map((x) => [x.control, x.status]))).toMatchObject({
      'screen-lock': 'pass',
      'disk-encryption': 'pass',
      'social-apps': 'unknown',
    });

    mode = { badKey: true };
    const fresh = server.app.services.tablets.connectors;
    fresh.http = { fetch: fake.fetch, sleep: async () => {} };
    const failed = await fresh.sync('google-workspace', 'scheduler');
    expect(failed.ok).toBe(false);
    expect(failed.message).toContain('Google refused Safefleet’s service-account key (invalid_grant: Invalid JWT Signature.)');
    expect(fresh.list()[0]).toMatchObject({ lastResult: 'error', lastMessage: failed.message });
  });

  it('Intune: devices and users page by @odata.nextLink, a 503 is retried, an expired token renewed; an expired secret says so', async () => {
    let mode: { expiredSecret?: boolean } = {};
    let base = '';
    const handlers = graphFake(() => base, 120);
    fake = await startHttpsFake((req, res) => handlers(mode)(req, res));
    base = fake.url;
    const connectors = server.app.services.tablets.connectors;
    connectors.http = { fetch: fake.fetch, sleep: async () => {} };
    connectors.configure(
      'intune',
      {
        settings: { tenantId: 'tenant-1', clientId: 'c1', tokenUrl: `${fake.url}/tenant-1/oauth2/v2.0/token`, graphBase: `${fake.url}/v1.0` },
        secret: 'the-client-secret',
      },
      'it-lead',
    );

    const result = await connectors.sync('intune', 'it-lead');
    expect(result.message).toBe('2 tablets and phones (2 new); password dates for 2 of 2 Microsoft 365 people');
    expect(fake.log.filter((r) => r.url.searchParams.get('$skiptoken') === 'p2')).toHaveLength(2);
    const devices = server.app.services.devices.list();
    expect(devices.map((d) => d.hostname).sort()).toEqual(['EVENTS-TAB-2', 'Youth iPad 3']); // the Windows laptop is the agent's
    const tab = devices.find((d) => d.serial === 'R9AW0002')!;
    expect(tab.assurance).toBe('Reported by Microsoft Intune');
    const f = Object.fromEntries(tab.findings.map((x) => [x.control, x]));
    expect(f['os-updates']!.status).toBe('fail');
    expect(f['os-updates']!.reason).toContain('200 days old');
    expect(f['social-apps']!.status).toBe('fail');
    expect(f['social-apps']!.reason).toContain('WhatsApp');
    expect(f['screen-lock']!.status).toBe('unknown'); // Graph does not say whether a passcode is set

    mode = { expiredSecret: true };
    const failed = await connectors.sync('intune', 'scheduler');
    expect(failed.ok).toBe(false);
    expect(failed.message).toMatch(/^Microsoft 365 refused Safefleet’s client secret: it has expired\. .*create a new client secret/);
  });
});
