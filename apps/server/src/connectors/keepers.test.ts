import { createVerify, generateKeyPairSync } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../test-support/harness.js';
import { type FakeRequest, type HttpsFake, json, startHttpsFake } from '../test-support/https-fake.js';

const NOW = new Date('2026-12-03T12:00:00.000Z');

/**
 * Keepers synced from the directories, against local HTTPS fakes serving the real shapes:
 * Google Admin SDK Directory users.list and members.list (nextPageToken), Microsoft Graph /users and
 * /groups/{id}/members (@odata.nextLink, a device member left out). Devices are matched on the
 * keeper's email; names come from the directory, roles from the first keeper group.
 */
describe('keepers synced from Google Workspace and Microsoft 365', { timeout: 60_000 }, () => {
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

  async function keeperTablet(name: string, keeperEmail: string, keeperName: string): Promise<string> {
    const link = await server.app.services.tablets.checkins.createTablet(
      { name, platform: 'android', keeperName, keeperEmail, keeperRole: '' },
      'it-lead',
      'http://127.0.0.1',
    );
    return link.deviceId;
  }

  it('Google Workspace: users and group members page by nextPageToken; names and roles land on the devices', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    const scopes: string[] = [];
    fake = await startHttpsFake((req: FakeRequest, res: ServerResponse) => {
      if (req.method === 'POST' && req.path === '/token') {
        const [h, c, sig] = (new URLSearchParams(req.body).get('assertion') ?? '').split('.');
        const verify = createVerify('RSA-SHA256');
        verify.update(`${h}.${c}`);
        if (!verify.verify(publicKey, sig ?? '', 'base64url')) return json(res, 400, { error: 'invalid_grant' });
        scopes.push((JSON.parse(Buffer.from(c ?? '', 'base64url').toString()) as { scope: string }).scope);
        return json(res, 200, { access_token: 'g-tok', expires_in: 3599, token_type: 'Bearer' });
      }
      const page = req.url.searchParams.get('pageToken');
      if (req.path === '/admin/directory/v1/customer/my_customer/devices/mobile') return json(res, 200, { kind: 'admin#directory#mobiledevices' });
      if (req.path === '/admin/directory/v1/users') {
        expect(req.url.searchParams.get('customer')).toBe('my_customer');
        const user = (id: string, email: string, fullName: string, suspended = false) => ({
          kind: 'admin#directory#user',
          id,
          primaryEmail: email,
          name: { givenName: fullName.split(' ')[0], familyName: fullName.split(' ')[1], fullName },
          isAdmin: false,
          suspended,
        });
        if (!page)
          return json(res, 200, {
            kind: 'admin#directory#users',
            users: [user('1', 'jo@charity.org', 'Jo Bloggs'), user('3', 'left@charity.org', 'Gone Person', true)],
            nextPageToken: 'u2',
          });
        return json(res, 200, { kind: 'admin#directory#users', users: [user('2', 'Sam@charity.org', 'Sam Patel')] });
      }
      if (req.path === '/admin/directory/v1/groups/youth-workers%40charity.org/members') {
        const member = (email: string, type = 'USER') => ({
          kind: 'admin#directory#member',
          id: email,
          email,
          role: 'MEMBER',
          type,
          status: 'ACTIVE',
        });
        if (!page) return json(res, 200, { kind: 'admin#directory#members', members: [member('jo@charity.org')], nextPageToken: 'm2' });
        return json(res, 200, { kind: 'admin#directory#members', members: [member('sub-group@charity.org', 'GROUP')] });
      }
      if (req.path === '/admin/directory/v1/groups/events%40charity.org/members')
        return json(res, 200, {
          kind: 'admin#directory#members',
          members: [
            { kind: 'admin#directory#member', id: 'j', email: 'jo@charity.org', role: 'MEMBER', type: 'USER', status: 'ACTIVE' },
            { kind: 'admin#directory#member', id: 's', email: 'sam@charity.org', role: 'OWNER', type: 'USER', status: 'ACTIVE' },
          ],
        });
      json(res, 404, { error: { code: 404, message: `no route ${req.path}` } });
    });
    const jo = await keeperTablet('Youth tablet 1', 'jo@charity.org', 'J Bloggs');
    const sam = await keeperTablet('Events tablet 2', 'sam@charity.org', 'S. Patel');
    const other = await keeperTablet('Office tablet', 'volunteer@gmail.com', 'Vol Unteer');
    const connectors = server.app.services.tablets.connectors;
    connectors.http = { fetch: fake.fetch, sleep: async () => {} };
    const secret = JSON.stringify({ client_email: 'safefleet@charity.iam.gserviceaccount.com', private_key: privateKey });
    connectors.configure(
      'google-workspace',
      {
        settings: {
          adminEmail: 'admin@charity.org',
          tokenUrl: `${fake.url}/token`,
          apiBase: fake.url,
          keeperGroups: [
            { group: 'youth-workers@charity.org', role: 'Youth worker' },
            { group: 'events@charity.org', role: 'Events lead' },
          ],
        },
        secret,
      },
      'it-lead',
    );
    const result = await connectors.sync('google-workspace', 'scheduler');
    expect(result).toMatchObject({
      ok: true,
      message: '0 tablets and phones (0 new); keepers from Google Workspace: 2 people, 2 devices’ keepers updated',
    });
    expect(scopes[0]!.split(' ')).toEqual([
      'https://www.googleapis.com/auth/admin.directory.device.mobile.readonly',
      'https://www.googleapis.com/auth/admin.directory.user.readonly',
      'https://www.googleapis.com/auth/admin.directory.group.member.readonly',
    ]);
    expect(fake.log.filter((r) => r.url.searchParams.get('pageToken') === 'u2')).toHaveLength(1);
    expect(fake.log.filter((r) => r.url.searchParams.get('pageToken') === 'm2')).toHaveLength(1);
    const devices = server.app.services.devices;
    // Jo is in both groups: the first listed wins. Sam's address differs in case only.
    expect(devices.detail(jo).keeper).toEqual({ name: 'Jo Bloggs', email: 'jo@charity.org', role: 'Youth worker' });
    expect(devices.detail(sam).keeper).toEqual({ name: 'Sam Patel', email: 'sam@charity.org', role: 'Events lead' });
    expect(devices.detail(other).keeper).toEqual({ name: 'Vol Unteer', email: 'volunteer@gmail.com', role: '' });
    const audit = server.database.sqlite.prepare("select actor, detail_json from audit_log where action = 'keepers.synced'").all() as Array<{
      actor: string;
      detail_json: string;
    }>;
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor).toBe('scheduler');
    expect(JSON.parse(audit[0]!.detail_json)).toMatchObject({ devices: 2 });

    // A second sync changes nothing and says so.
    expect((await connectors.sync('google-workspace', 'scheduler')).message).toContain('2 people, 0 devices’ keepers updated');
  });

  it('Microsoft 365: /users and /groups/{id}/members page by @odata.nextLink; non-user members are left out', async () => {
    let base = '';
    fake = await startHttpsFake((req: FakeRequest, res: ServerResponse) => {
      if (req.method === 'POST' && req.path === '/tenant-1/oauth2/v2.0/token')
        return json(res, 200, { token_type: 'Bearer', expires_in: 3599, access_token: 'm-tok' });
      if (req.path === '/v1.0/users') {
        const u = (id: string, name: string, upn: string, mail: string | null) => ({
          id,
          displayName: name,
          userPrincipalName: upn,
          mail,
          lastPasswordChangeDateTime: '2026-11-01T09:00:00Z',
        });
        if (!req.url.searchParams.get('$skiptoken'))
          return json(res, 200, {
            '@odata.context': `${base}/v1.0/$metadata#users`,
            value: [u('u1', 'Priya Shah', 'priya@charity.onmicrosoft.com', 'priya@charity.org')],
            '@odata.nextLink': `${base}/v1.0/users?$skiptoken=u2`,
          });
        return json(res, 200, { value: [u('u2', 'Tom Reed', 'tom@charity.org', null)] });
      }
      if (req.path === '/v1.0/deviceManagement/managedDevices') return json(res, 200, { value: [] });
      if (req.path === '/v1.0/groups/0b6c2e1a-youth/members') {
        expect(req.url.searchParams.get('$select')).toBe('id,displayName,userPrincipalName,mail');
        if (!req.url.searchParams.get('$skiptoken'))
          return json(res, 200, {
            '@odata.context': `${base}/v1.0/$metadata#directoryObjects`,
            value: [
              { '@odata.type': '#microsoft.graph.device', id: 'd1', displayName: 'tom@charity.org' },
              {
                '@odata.type': '#microsoft.graph.user',
                id: 'u1',
                displayName: 'Priya Shah',
                userPrincipalName: 'priya@charity.onmicrosoft.com',
                mail: 'priya@charity.org',
              },
            ],
            '@odata.nextLink': `${base}/v1.0/groups/0b6c2e1a-youth/members?$select=id,displayName,userPrincipalName,mail&$top=999&$skiptoken=g2`,
          });
        return json(res, 200, { value: [] });
      }
      json(res, 404, { error: { code: 'BadRequest', message: `no route ${req.path}` } });
    });
    base = fake.url;
    const priya = await keeperTablet('Youth tablet 3', 'priya@charity.org', 'P Shah');
    const tom = await keeperTablet('Youth tablet 4', 'TOM@charity.org', 'Tom');
    const connectors = server.app.services.tablets.connectors;
    connectors.http = { fetch: fake.fetch, sleep: async () => {} };
    connectors.configure(
      'intune',
      {
        settings: {
          tenantId: 'tenant-1',
          clientId: 'c1',
          tokenUrl: `${fake.url}/tenant-1/oauth2/v2.0/token`,
          graphBase: `${fake.url}/v1.0`,
          keeperGroups: [{ group: '0b6c2e1a-youth', role: 'Youth worker' }],
        },
        secret: 'the-client-secret',
      },
      'it-lead',
    );
    const result = await connectors.sync('intune', 'it-lead');
    expect(result.message).toBe(
      '0 tablets and phones (0 new); password dates for 2 of 2 Microsoft 365 people; keepers from Microsoft 365: 2 people, 2 devices’ keepers updated',
    );
    expect(fake.log.filter((r) => r.url.searchParams.get('$skiptoken') === 'g2')).toHaveLength(1);
    const devices = server.app.services.devices;
    expect(devices.detail(priya).keeper).toEqual({ name: 'Priya Shah', email: 'priya@charity.org', role: 'Youth worker' });
    // Tom is in the directory but in no keeper group (the device with his name is not a person): name only.
    expect(devices.detail(tom).keeper).toEqual({ name: 'Tom Reed', email: 'TOM@charity.org', role: '' });

    // The settings can change without pasting the secret again; the stored one is kept.
    connectors.configure(
      'intune',
      {
        settings: {
          tenantId: 'tenant-1',
          clientId: 'c1',
          tokenUrl: `${fake.url}/tenant-1/oauth2/v2.0/token`,
          graphBase: `${fake.url}/v1.0`,
          keeperGroups: [],
        },
      },
      'it-lead',
    );
    expect((await connectors.sync('intune', 'it-lead')).ok).toBe(true);
    expect(() => server.app.services.tablets.connectors.configure('google-workspace', { settings: { adminEmail: 'a@b.org' } }, 'x')).toThrow(
      'Paste the JSON key',
    );
  });
});
