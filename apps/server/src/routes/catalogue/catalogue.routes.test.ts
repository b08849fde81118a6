import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CATALOGUE } from '@safefleet/policy';
import { addUser, createTestServer, login, type TestServer } from '../../test-support/harness.js';
import { CatalogueResponse } from '@safefleet/protocol';

describe('GET /api/catalogue', () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await createTestServer();
  });
  afterEach(() => t.close());

  it('answers the policy catalogue in order, without identifiers, to any signed-in role', async () => {
    expect((await t.app.inject({ url: '/api/catalogue' })).statusCode).toBe(401);
    await addUser(t.app, 'viewer@example.org', 'viewer');
    const cookie = await login(t.app, 'viewer@example.org');
    const res = await t.app.inject({ url: '/api/catalogue', headers: { cookie } });
    expect(res.statusCode).toBe(200);
    const apps = CatalogueResponse.parse(res.json());
    expect(apps.map((a) => a.id)).toEqual(CATALOGUE.map((e) => e.id));
    expect(apps[0]).toMatchObject({ id: 'whatsapp', name: 'WhatsApp', category: 'messaging', note: expect.any(String) });
    expect(res.body).not.toContain('identifiers');
  });
});
