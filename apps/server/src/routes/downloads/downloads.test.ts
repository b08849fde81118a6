import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AgentRelease,
  AgentReleaseInfo,
  agentReleaseStatement,
  decodeEnrolmentString,
  DeviceDetail,
  PROTOCOL_VERSION,
  type EnrollResponse,
} from '@safefleet/protocol';
import { TestAgent } from '../../test-support/agent-client.js';
import { adminCookie, addUser, createTestServer, createToken, enrolDevice, login, type TestServer } from '../../test-support/harness.js';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A release folder as dist:agent writes it, with small stand-in programs, signed with a fresh key. */
function writeRelease(dir: string, version: string, opts: { tamper?: 'sha' | 'signature' | 'size' } = {}) {
  mkdirSync(dir, { recursive: true });
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const publicKeyB64 = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  const files = (['linux-x64', 'win-x64'] as const).map((target) => {
    const file = target === 'win-x64' ? `safefleet-agent-${target}.exe` : `safefleet-agent-${target}`;
    const body = Buffer.from(`program ${target} ${version}\n`.repeat(100));
    writeFileSync(join(dir, file), body);
    const entry = { target, file, size: body.length, sha256: sha256(body) };
    return { ...entry, signature: sign(null, Buffer.from(agentReleaseStatement({ version, ...entry })), privateKey).toString('base64') };
  });
  if (opts.tamper === 'sha') writeFileSync(join(dir, files[1]!.file), Buffer.alloc(files[1]!.size, 1));
  if (opts.tamper === 'size') writeFileSync(join(dir, files[1]!.file), 'short');
  if (opts.tamper === 'signature') files[1]!.signature = sign(null, Buffer.from('something else'), privateKey).toString('base64');
  const manifest = AgentRelease.parse({
    product: 'safefleet-agent',
    version,
    builtAt: new Date().toISOString(),
    node: '22.23.3',
    publicKey: publicKeyB64,
    files,
  });
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return { publicKey: publicKeyB64, files };
}

describe('agent downloads and releases', () => {
  let t: TestServer;
  let cookie: string;
  const dist = () => join(t.dir, 'agent-dist');

  beforeEach(async () => {
    t = await createTestServer({ listen: true });
    cookie = await adminCookie(t.app);
  });
  afterEach(async () => t.close());

  it('serves nothing (404) when no release was built', async () => {
    expect((await t.app.inject({ url: '/downloads/agent/manifest.json' })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/downloads/agent/safefleet-agent-linux-x64' })).statusCode).toBe(404);
    const info = AgentReleaseInfo.parse((await t.app.inject({ url: '/api/agent-release', headers: { cookie } })).json());
    expect(info).toMatchObject({ version: null, files: [], hold: false });
  });

  it('serves checked programs without a session, and puts the release key into new enrolment strings', async () => {
    const { publicKey, files } = writeRelease(dist(), '0.2.0');
    await t.app.services.agentRelease.reload();
    const manifest = AgentRelease.parse((await t.app.inject({ url: '/downloads/agent/manifest.json' })).json());
    expect(manifest.version).toBe('0.2.0');
    expect(manifest.files.map((f) => f.target)).toEqual(['linux-x64', 'win-x64']);
    const res = await t.app.inject({ url: `/downloads/agent/${files[0]!.file}` });
    expect(res.statusCode).toBe(200);
    expect(sha256(res.rawPayload)).toBe(files[0]!.sha256);
    expect(res.headers['x-safefleet-sha256']).toBe(files[0]!.sha256);
    // Only files named in the manifest; no path tricks.
    expect((await t.app.inject({ url: '/downloads/agent/manifest.json.partial' })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/downloads/agent/..%2Fsafefleet.db' })).statusCode).toBe(404);
    const token = await createToken(t.app, cookie);
    expect(decodeEnrolmentString(token.enrolmentString).updateKey).toBe(publicKey);
    const script = (await t.app.inject({ url: '/downloads/agent/install.sh' })).body;
    expect(script).toMatch(/^#!\/bin\/sh\n/);
    expect(script).toContain(`CONSOLE_URL='${t.url}'`);
  });

  for (const tamper of ['sha', 'size', 'signature'] as const) {
    it(`refuses to serve a program whose ${tamper} does not match the manifest`, async () => {
      const { files } = writeRelease(dist(), '0.2.0', { tamper });
      await t.app.services.agentRelease.reload();
      expect((await t.app.inject({ url: `/downloads/agent/${files[1]!.file}` })).statusCode).toBe(404);
      expect((await t.app.inject({ url: `/downloads/agent/${files[0]!.file}` })).statusCode).toBe(200);
      const info = AgentReleaseInfo.parse((await t.app.inject({ url: '/api/agent-release', headers: { cookie } })).json());
      expect(info.files.map((f) => f.file)).toEqual([files[0]!.file]);
      expect(info.refused).toEqual([{ file: files[1]!.file, why: expect.any(String) }]);
    });
  }

  it('tells agents the version on hello and when a build is published; the IT lead holds updates; update state is stored per device', async () => {
    writeRelease(dist(), '0.2.0');
    await t.app.services.agentRelease.reload();
    const device: EnrollResponse = await enrolDevice(t.app, cookie);
    const agent = await TestAgent.connect(t.url, `${device.deviceId}.${device.deviceSecret}`);
    try {
      agent.send({
        type: 'hello',
        protocolVersion: PROTOCOL_VERSION,
        agentVersion: '0.1.0',
        hostname: 'h',
        platform: 'linux',
        update: { state: 'manual', detail: 'running from a repository' },
      });
      expect(await agent.next('hello')).toMatchObject({ agentRelease: { version: '0.2.0', hold: false } });

      // A viewer may not hold updates; the IT lead may, and agents hear at once.
      await addUser(t.app, 'viewer@example.org', 'viewer');
      const viewer = await login(t.app, 'viewer@example.org');
      expect(
        (await t.app.inject({ method: 'PUT', url: '/api/agent-release/hold', headers: { cookie: viewer }, payload: { hold: true } })).statusCode,
      ).toBe(403);
      const held = await t.app.inject({ method: 'PUT', url: '/api/agent-release/hold', headers: { cookie }, payload: { hold: true } });
      expect(AgentReleaseInfo.parse(held.json()).hold).toBe(true);
      expect(await agent.next('agent-release')).toEqual({ type: 'agent-release', version: '0.2.0', hold: true });

      // Publishing a new version: every connected agent is told.
      writeRelease(dist(), '0.3.0');
      expect(await t.app.services.agentRelease.reload()).toBe(true);
      expect(await agent.next('agent-release')).toEqual({ type: 'agent-release', version: '0.3.0', hold: true });

      agent.send({ type: 'update-status', state: 'failed', version: '0.3.0', detail: 'the signature does not verify' });
      await expect
        .poll(
          async () => DeviceDetail.parse((await t.app.inject({ url: `/api/devices/${device.deviceId}`, headers: { cookie } })).json()).agentUpdate,
        )
        .toMatchObject({ state: 'failed', version: '0.3.0', detail: 'the signature does not verify' });
      const audit = t.database.sqlite.prepare("select action from audit_log where action like 'agent-updates.%'").all();
      expect(audit).toEqual([{ action: 'agent-updates.held' }]);
    } finally {
      agent.ws.terminate();
    }
  });
});
