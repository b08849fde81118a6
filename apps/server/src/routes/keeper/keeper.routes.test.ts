// Issue 12, acceptance 5: the keeper's sign-in-free link shows that keeper's devices only; a forged
// or expired link is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFacts, buildNoncompliantFacts } from '../../test-support/facts.js';
import { adminCookie, createTestServer, enrolDevice, ingest, type TestServer } from '../../test-support/harness.js';
import { signKeeperToken } from '../../services/keeper-links.js';

describe('GET /keeper/:token', () => {
  let t: TestServer;
  let now = new Date();
  let token: string;

  beforeAll(async () => {
    t = await createTestServer({ now: () => now });
    const admin = await adminCookie(t.app);
    const keep = async (hostname: string, name: string, email: string, bad: boolean) => {
      const { deviceId } = await enrolDevice(t.app, admin, hostname);
      await t.app.inject({
        method: 'PATCH',
        url: `/api/devices/${deviceId}`,
        headers: { cookie: admin },
        payload: { keeper: { name, email, role: 'Youth worker' } },
      });
      ingest(
        t.app,
        deviceId,
        bad ? buildNoncompliantFacts(now) : buildFacts({ os: { status: 'ok', platform: 'linux', distro: 'Debian', release: '12', hostname } }, now),
      );
    };
    await keep('sam-laptop', 'Sam Patel', 'Sam@Example.org', true);
    await keep('sam-tablet', 'Sam Patel', 'sam@example.org', false);
    await keep('priya-laptop', 'Priya Shah', 'priya@example.org', true);
    token = t.app.services.keeperPage.token('sam@example.org');
  });
  afterAll(() => t.close());

  it('shows only that keeper’s devices, what is wrong, how to fix it and what the agent sent', async () => {
    const res = await t.app.inject({ url: `/keeper/${token}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toContain('Your devices, Sam Patel');
    expect(res.body).toContain('sam-laptop');
    expect(res.body).toContain('sam-tablet');
    expect(res.body).not.toContain('priya');
    expect(res.body).not.toContain('Priya');
    expect(res.body).toContain('How to fix it:');
    expect(res.body).toContain('Exactly what this device’s agent sent last time');
    expect(res.body).toContain('&quot;collectedAt&quot;');
  });

  it('refuses a forged link, a tampered one and an expired one', async () => {
    const forged = signKeeperToken('c29tZS1vdGhlci1rZXktMzItYnl0ZXMtbG9uZy4uLi4', 'sam@example.org', now);
    expect((await t.app.inject({ url: `/keeper/${forged}` })).statusCode).toBe(403);
    const [, mac] = token.split('.');
    const priya = Buffer.from(JSON.stringify({ k: 'priya@example.org', e: 9_999_999_999 })).toString('base64url');
    const tampered = await t.app.inject({ url: `/keeper/${priya}.${mac}` });
    expect(tampered.statusCode).toBe(403);
    expect(tampered.body).not.toContain('priya-laptop');
    expect((await t.app.inject({ url: '/keeper/nonsense' })).statusCode).toBe(403);
    now = new Date(now.getTime() + 31 * 86_400_000);
    const expired = await t.app.inject({ url: `/keeper/${token}` });
    expect(expired.statusCode).toBe(403);
    expect(expired.body).toContain('expired');
  });
});
