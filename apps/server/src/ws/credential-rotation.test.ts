// Device credential rotation over real WebSockets on a listening console with a real SQLite file:
// the old credential works until the agent acknowledges, then is refused; a connection dropped
// mid-rotation (before or after the agent stored the new one) never locks the device out.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, RotateCredentialResponse } from '@safefleet/protocol';
import { TestAgent } from '../test-support/agent-client.js';
import { addUser, adminCookie, createTestServer, enrolDevice, login, type TestServer } from '../test-support/harness.js';

const DAY = 24 * 3_600_000;

describe('device credential rotation', { timeout: 30_000 }, () => {
  let t: TestServer;
  let now: Date;
  let admin: string;
  let deviceId: string;
  let oldSecret: string;
  const open: TestAgent[] = [];

  beforeEach(async () => {
    now = new Date();
    t = await createTestServer({ listen: true, now: () => now, config: { rateLimit: false } });
    admin = await adminCookie(t.app);
    const creds = await enrolDevice(t.app, admin);
    deviceId = creds.deviceId;
    oldSecret = creds.deviceSecret;
  });
  afterEach(async () => {
    for (const a of open.splice(0)) a.close();
    await t.close();
  });

  /** Connects with `secret` and says hello; resolves once the console answered hello. */
  async function connect(secret: string, canRotate = true): Promise<TestAgent> {
    const agent = await TestAgent.connect(t.url, `${deviceId}.${secret}`);
    open.push(agent);
    agent.send({
      type: 'hello',
      protocolVersion: PROTOCOL_VERSION,
      agentVersion: '0.1.0',
      hostname: 'yw-laptop-01',
      platform: 'linux',
      ...(canRotate ? { credentialRotation: true } : {}),
    });
    await agent.next('hello');
    return agent;
  }
  const refused = (secret: string) =>
    TestAgent.connect(t.url, `${deviceId}.${secret}`).then(
      (a) => (a.close(), 'accepted'),
      (e: Error) => e.message,
    );
  const rotate = (cookie = admin) => t.app.inject({ method: 'POST', url: `/api/devices/${deviceId}/rotate-credential`, headers: { cookie } });
  const audit = (action: string) =>
    (t.database.sqlite.prepare('select detail_json from audit_log where action = ? order by id').all(action) as Array<{ detail_json: string }>).map(
      (r) => JSON.parse(r.detail_json) as Record<string, unknown>,
    );
  const stored = () =>
    t.database.sqlite.prepare('select next_secret_hash, secret_changed_at from devices where id = ?').get(deviceId) as Record<string, unknown>;
  const until = async (what: string, fn: () => boolean) => {
    const end = Date.now() + 10_000;
    while (!fn()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  it('on demand: the new credential arrives over the live connection; the old one works until the ack, then is refused', async () => {
    const agent = await connect(oldSecret);
    const res = await rotate();
    expect(res.statusCode, res.body).toBe(200);
    const answer = RotateCredentialResponse.parse(res.json());
    expect(answer).toMatchObject({ deviceId, sent: true });
    const msg = await agent.next('rotate-credential');
    expect(msg.rotationId).toBe(answer.rotationId);
    expect(msg.secret).not.toBe(oldSecret);
    expect(stored().next_secret_hash).toEqual(expect.any(String));
    // Not acknowledged yet: the old credential still signs in (asked of the gateway's own check: a
    // second connection would replace this one).
    expect(t.app.services.agentAuth.authenticate(`Bearer ${deviceId}.${oldSecret}`)).toMatchObject({ ok: true });
    // A second request while one is on its way is refused (it would orphan the first).
    expect((await rotate()).statusCode).toBe(409);

    // A wrong rotation id changes nothing.
    agent.send({ type: 'credential-rotated', rotationId: 'not-this-one' });
    agent.send({ type: 'credential-rotated', rotationId: msg.rotationId });
    await until('the rotation to complete', () => audit('device.credential-rotated').length === 1);
    expect(audit('device.credential-rotated')).toEqual([{ hostname: 'yw-laptop-01', via: 'acknowledged' }]);
    expect(audit('device.credential-rotation-started')).toEqual([{ hostname: 'yw-laptop-01', reason: 'requested' }]);
    expect(stored()).toEqual({ next_secret_hash: null, secret_changed_at: now.toISOString() });

    expect(await refused(oldSecret)).toBe('HTTP 401');
    // The live connection that did the rotation carries on; a new one signs in with the new credential.
    expect(agent.ws.readyState).toBe(agent.ws.OPEN);
    const again = await connect(msg.secret);
    expect(again.ws.readyState).toBe(again.ws.OPEN);
  });

  it('connection dropped before the agent stored it: the old credential still works and the rotation starts again', async () => {
    const agent = await connect(oldSecret);
    expect((await rotate()).statusCode).toBe(200);
    const lost = await agent.next('rotate-credential');
    agent.ws.terminate(); // dropped before the agent could store it

    const back = await connect(oldSecret);
    const resent = await back.next('rotate-credential');
    expect(resent.secret).not.toBe(lost.secret);
    expect(audit('device.credential-rotation-started').map((d) => d.reason)).toEqual(['requested', 'resumed']);
    back.send({ type: 'credential-rotated', rotationId: resent.rotationId });
    await until('the rotation to complete', () => audit('device.credential-rotated').length === 1);
    expect(await refused(oldSecret)).toBe('HTTP 401');
    expect(await refused(lost.secret)).toBe('HTTP 401');
    await connect(resent.secret);
  });

  it('connection dropped after the agent stored it (the ack lost): signing in with the new one completes the rotation', async () => {
    const agent = await connect(oldSecret);
    expect((await rotate()).statusCode).toBe(200);
    const msg = await agent.next('rotate-credential');
    agent.ws.terminate(); // stored, but the ack never left

    const back = await connect(msg.secret);
    expect(audit('device.credential-rotated')).toEqual([{ hostname: 'yw-laptop-01', via: 'signed-in-with-new' }]);
    expect(await refused(oldSecret)).toBe('HTTP 401');
    // Not due any more: no further rotation on this hello.
    await expect(back.next('rotate-credential', 300)).rejects.toThrow(/no "rotate-credential"/);
  });

  it('every 90 days: a due credential is replaced on hello and by the daily job; a fresh one is left alone', async () => {
    const fresh = await connect(oldSecret);
    expect(t.app.services.credentials.runScheduled()).toBe(0);
    await expect(fresh.next('rotate-credential', 300)).rejects.toThrow();
    fresh.close();

    now = new Date(now.getTime() + 91 * DAY);
    const agent = await connect(oldSecret);
    const onHello = await agent.next('rotate-credential');
    expect(audit('device.credential-rotation-started').map((d) => d.reason)).toEqual(['scheduled']);
    agent.send({ type: 'credential-rotated', rotationId: onHello.rotationId });
    await until('the rotation to complete', () => audit('device.credential-rotated').length === 1);

    // 91 days later again, on a connection that stays open: the daily job sends it.
    const live = await connect(onHello.secret);
    now = new Date(now.getTime() + 91 * DAY);
    expect(t.app.services.credentials.runScheduled()).toBe(1);
    const daily = await live.next('rotate-credential');
    live.send({ type: 'credential-rotated', rotationId: daily.rotationId });
    await until('the second rotation', () => audit('device.credential-rotated').length === 2);
    expect(await refused(onHello.secret)).toBe('HTTP 401');
  });

  it('an agent older than credential rotation (no credentialRotation in its hello) is never sent one, even when due', async () => {
    now = new Date(now.getTime() + 91 * DAY);
    const old = await connect(oldSecret, false);
    expect(t.app.services.credentials.runScheduled()).toBe(0);
    const res = await rotate(await adminCookie(t.app)); // 91 days on: a new session
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().error).toMatch(/too old/);
    await expect(old.next('rotate-credential', 300)).rejects.toThrow();
    expect(audit('device.credential-rotation-started')).toEqual([]);
    expect(t.app.services.agentAuth.authenticate(`Bearer ${deviceId}.${oldSecret}`)).toMatchObject({ ok: true });
  });

  it('only the IT lead; 409 while the device is not connected', async () => {
    expect((await rotate()).statusCode).toBe(409);
    await addUser(t.app, 'dsl@example.org', 'dsl');
    await connect(oldSecret);
    expect((await rotate(await login(t.app, 'dsl@example.org'))).statusCode).toBe(403);
    expect(audit('device.credential-rotation-started')).toEqual([]);
  });
});
