import { afterEach, describe, expect, it } from 'vitest';
import { decodeEnrolmentString, type EnrolmentToken } from '@safefleet/protocol';
import { adminCookie, createTestServer, createToken, tokenOf, type TestServer } from '../../test-support/harness.js';

const enrolBody = (token: string, hostname = 'yw-laptop-01') => ({
  token,
  hostname,
  platform: 'linux',
  agentVersion: '0.1.0',
  // One machine per hostname here (the same hardwareId would re-enrol the same device).
  hardwareId: `hw-${hostname}`,
});

describe('enrolment', () => {
  let t: TestServer;
  afterEach(() => t.close());

  it('creates a token, enrols a device with it and lists the device', async () => {
    t = await createTestServer({ config: { publicUrl: 'https://console.example.org' } });
    const cookie = await adminCookie(t.app);
    const token = await createToken(t.app, cookie, { uses: 1, expiresInHours: 24 });
    expect(token).toMatchObject({ id: expect.any(Number), usesLeft: 1, expiresAt: expect.any(String) });
    expect(decodeEnrolmentString(token.enrolmentString).url).toBe('https://console.example.org');

    const res = await t.app.inject({ method: 'POST', url: '/agent/enroll', payload: enrolBody(tokenOf(token.enrolmentString)) });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toEqual({ deviceId: expect.any(String), deviceSecret: expect.any(String), wsUrl: 'wss://console.example.org/ws/agent' });
    expect(Buffer.from(body.deviceSecret, 'base64url')).toHaveLength(32);

    const list = await t.app.inject({ url: '/api/devices', headers: { cookie } });
    expect(list.json()).toEqual([
      expect.objectContaining({ id: body.deviceId, hostname: 'yw-laptop-01', status: 'notEvaluated', keeper: null, findings: [] }),
    ]);
    // The secret is stored hashed only.
    const row = t.database.sqlite.prepare('select secret_hash from devices').get() as { secret_hash: string };
    expect(row.secret_hash).not.toContain(body.deviceSecret);
    expect(row.secret_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('never builds the URLs it hands out from the Host header (loopback without --public-url: the listening address)', async () => {
    t = await createTestServer();
    const cookie = await adminCookie(t.app);
    const res = await t.app.inject({ method: 'POST', url: '/api/enrolment-tokens', headers: { cookie, host: 'attacker.example' }, payload: {} });
    const token = res.json<EnrolmentToken>();
    expect(decodeEnrolmentString(token.enrolmentString).url).toBe('http://127.0.0.1:0');
    const enrolled = await t.app.inject({
      method: 'POST',
      url: '/agent/enroll',
      headers: { host: 'attacker.example' },
      payload: enrolBody(tokenOf(token.enrolmentString)),
    });
    // The agent is sent where the enrolment string said, never to the request's Host.
    expect(enrolled.json().wsUrl).toBe('ws://127.0.0.1:0/ws/agent');
  });

  it('puts the certificate pin in https enrolment strings only', async () => {
    const pin = 'PoH8ymN4m9GWhygu80iZoFZNgomoPEsE6fXI9bH+HZo=';
    t = await createTestServer({ config: { publicUrl: 'https://console.example.org', tls: { pin } } });
    const cookie = await adminCookie(t.app);
    const token = await createToken(t.app, cookie);
    expect(decodeEnrolmentString(token.enrolmentString)).toMatchObject({ url: 'https://console.example.org', pin });
    const plain = await createToken(t.app, cookie, { url: 'http://127.0.0.1:8080' });
    expect(decodeEnrolmentString(plain.enrolmentString).pin).toBeUndefined();
  });

  it('counts uses down and refuses a used-up token', async () => {
    t = await createTestServer();
    const cookie = await adminCookie(t.app);
    const token: EnrolmentToken = await createToken(t.app, cookie, { uses: 2 });
    const raw = tokenOf(token.enrolmentString);
    const usesLeft = () => (t.database.sqlite.prepare('select uses_left from enrolment_tokens').get() as { uses_left: number }).uses_left;
    for (const [i, host] of ['a', 'b'].entries()) {
      expect((await t.app.inject({ method: 'POST', url: '/agent/enroll', payload: enrolBody(raw, host) })).statusCode).toBe(200);
      expect(usesLeft()).toBe(1 - i);
    }
    const third = await t.app.inject({ method: 'POST', url: '/agent/enroll', payload: enrolBody(raw, 'c') });
    expect(third.statusCode).toBe(401);
    expect(third.json().error).toMatch(/already been used/);
    expect(t.database.sqlite.prepare('select count(*) as n from devices').get()).toEqual({ n: 2 });
  });

  it('refuses an expired token with a message saying what to do', async () => {
    let now = new Date('2026-11-21T12:00:00Z');
    t = await createTestServer({ now: () => now });
    const cookie = await adminCookie(t.app);
    const token = await createToken(t.app, cookie, { expiresInHours: 1 });
    now = new Date('2026-11-21T13:00:01Z');
    const res = await t.app.inject({ method: 'POST', url: '/agent/enroll', payload: enrolBody(tokenOf(token.enrolmentString)) });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: 'This enrolment string has expired — create a new one in the console' });
    expect(t.database.sqlite.prepare('select uses_left from enrolment_tokens').get()).toEqual({ uses_left: 1 });
  });

  it('refuses unknown tokens (401) and malformed bodies (400)', async () => {
    t = await createTestServer();
    const unknown = await t.app.inject({ method: 'POST', url: '/agent/enroll', payload: enrolBody('x'.repeat(32)) });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().error).toMatch(/not recognised/);
    const bad = await t.app.inject({ method: 'POST', url: '/agent/enroll', payload: { token: 'short' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: expect.any(String), issues: expect.any(Array) });
    const cookie = await adminCookie(t.app);
    const badToken = await t.app.inject({ method: 'POST', url: '/api/enrolment-tokens', headers: { cookie }, payload: { uses: 0 } });
    expect(badToken.statusCode).toBe(400);
  });
});
