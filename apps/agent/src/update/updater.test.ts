// Self-update against a real HTTP server on 127.0.0.1 serving a release as the console does; the
// "programs" are small shell scripts that answer --version like the real one.
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agentFileName, agentReleaseStatement, agentTargetFor, type AgentUpdateStatus } from '@safefleet/protocol';
import { Updater, UPDATE_FILE } from './updater.js';

const target = agentTargetFor(process.platform, process.arch)!;
const script = (version: string) => Buffer.from(`#!/bin/sh\necho "safefleet-agent ${version}"\n`);
/** Answers --version, but its `run` cannot load (a broken run bundle in a real program). */
const brokenRun = (version: string) =>
  Buffer.from(`#!/bin/sh\nif [ "$1" = run ]; then echo "run.cjs: SyntaxError" >&2; exit 1; fi\necho "safefleet-agent ${version}"\n`);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

interface Served {
  manifest: unknown;
  body: Buffer;
  /** Bytes actually sent (cut short when smaller than body). */
  sendBytes?: number;
}

describe.skipIf(process.platform === 'win32')('self-update', () => {
  let dir: string;
  let server: Server;
  let url: string;
  let served: Served;
  let keys: { privateKey: KeyObject; publicKey: string };
  let program: string;
  let statuses: AgentUpdateStatus[];
  let restarts: number;

  const release = (version: string, o: { body?: Buffer; signWith?: KeyObject; claim?: Partial<{ size: number; sha256: string }> } = {}) => {
    const body = o.body ?? script(version);
    const entry = { target, file: agentFileName(target), size: body.length, sha256: sha256(body), ...o.claim };
    const signature = sign(null, Buffer.from(agentReleaseStatement({ version, ...entry })), o.signWith ?? keys.privateKey).toString('base64');
    return {
      product: 'safefleet-agent',
      version,
      builtAt: new Date().toISOString(),
      node: '22.23.3',
      publicKey: keys.publicKey,
      files: [{ ...entry, signature }],
    };
  };

  const updater = (o: { confirmMs?: number } = {}) =>
    new Updater({
      stateDir: dir,
      consoleUrl: url,
      updateKey: keys.publicKey,
      version: '1.0.0',
      program,
      singleFile: true,
      log: () => undefined,
      report: (s) => statuses.push(s),
      restart: async () => {
        restarts++;
      },
      ...o,
    });

  const settle = async (u: Updater) => expect.poll(() => u.status().state, { timeout: 10_000 }).not.toBe('downloading');

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'safefleet-update-'));
    program = join(dir, 'safefleet-agent');
    writeFileSync(program, script('1.0.0'), { mode: 0o755 });
    const kp = generateKeyPairSync('ed25519');
    keys = { privateKey: kp.privateKey, publicKey: kp.publicKey.export({ type: 'spki', format: 'der' }).toString('base64') };
    statuses = [];
    restarts = 0;
    server = createServer((req, res) => {
      if (req.url === '/downloads/agent/manifest.json') return void res.end(JSON.stringify(served.manifest));
      if (req.url === `/downloads/agent/${agentFileName(target)}`) {
        res.writeHead(200, { 'content-length': String(served.body.length) });
        if (served.sendBytes !== undefined) {
          res.write(served.body.subarray(0, served.sendBytes));
          return void res.destroy();
        }
        return void res.end(served.body);
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('installs a newer signed build: checks it, swaps it in with the old one kept, and restarts', async () => {
    served = { manifest: release('1.1.0'), body: script('1.1.0') };
    const u = updater();
    u.onRelease({ version: '1.1.0', hold: false });
    await expect.poll(() => restarts, { timeout: 10_000 }).toBe(1);
    expect(readFileSync(program, 'utf8')).toContain('safefleet-agent 1.1.0');
    expect(readFileSync(`${program}.previous`, 'utf8')).toContain('safefleet-agent 1.0.0');
    expect(statuses.map((s) => s.state)).toEqual(['downloading', 'restarting']);
    expect(JSON.parse(readFileSync(join(dir, UPDATE_FILE), 'utf8'))).toMatchObject({ phase: 'restarting', from: '1.0.0', to: '1.1.0' });
  });

  const refusals: [string, () => Served, RegExp][] = [
    [
      'a bad signature',
      () => ({ manifest: release('1.1.0', { signWith: generateKeyPairSync('ed25519').privateKey }), body: script('1.1.0') }),
      /signature does not match/,
    ],
    [
      'a wrong SHA-256',
      () => ({ manifest: release('1.1.0', { claim: { sha256: sha256(Buffer.from('other')) } }), body: script('1.1.0') }),
      /SHA-256 is/,
    ],
    ['a truncated download', () => ({ manifest: release('1.1.0'), body: script('1.1.0'), sendBytes: 10 }), /cut short|bytes|aborted|socket/],
    ['a larger download than the release says', () => ({ manifest: release('1.1.0', { claim: { size: 5 } }), body: script('1.1.0') }), /larger than/],
    [
      'a program that is not the version it claims',
      () => ({ manifest: release('1.1.0', { body: script('6.6.6') }), body: script('6.6.6') }),
      /says "safefleet-agent 6.6.6"/,
    ],
    [
      'a program whose run does not load (run --self-test fails)',
      () => ({ manifest: release('1.1.0', { body: brokenRun('1.1.0') }), body: brokenRun('1.1.0') }),
      /"run --self-test" failed \(exit 1/,
    ],
  ];
  for (const [what, serve, why] of refusals) {
    it(`refuses ${what}; the old program stays and keeps running`, async () => {
      served = serve();
      const u = updater();
      u.onRelease({ version: '1.1.0', hold: false });
      await settle(u);
      expect(u.status()).toMatchObject({ state: 'failed', version: '1.1.0', detail: expect.stringMatching(why) });
      expect(restarts).toBe(0);
      expect(readFileSync(program, 'utf8')).toContain('safefleet-agent 1.0.0');
      expect(existsSync(`${program}.new`)).toBe(false);
      expect(existsSync(join(dir, UPDATE_FILE))).toBe(false);
    });
  }

  it('does nothing while the IT lead holds updates, or without a release key', async () => {
    served = { manifest: release('1.1.0'), body: script('1.1.0') };
    const u = updater();
    u.onRelease({ version: '1.1.0', hold: true });
    expect(u.status()).toMatchObject({ state: 'held', version: '1.1.0' });
    const noKey = new Updater({
      stateDir: dir,
      consoleUrl: url,
      updateKey: undefined,
      version: '1.0.0',
      program,
      singleFile: true,
      log: () => undefined,
      report: () => undefined,
      restart: async () => undefined,
    });
    noKey.onRelease({ version: '1.1.0', hold: false });
    await settle(noKey);
    expect(noKey.status().detail).toMatch(/no release key/);
    expect(readFileSync(program, 'utf8')).toContain('1.0.0');
  });

  it('rolls back when the new version does not reach the console in time, and is confirmed when it does', async () => {
    // As the new version (1.1.0) after a swap from 1.0.0.
    writeFileSync(`${program}.previous`, script('1.0.0'), { mode: 0o755 });
    writeFileSync(program, script('1.1.0'));
    chmodSync(program, 0o755);
    const record = { phase: 'restarting', from: '1.0.0', to: '1.1.0', deadline: new Date(Date.now() + 60_000).toISOString() };
    writeFileSync(join(dir, UPDATE_FILE), JSON.stringify(record));
    const late = new Updater({
      stateDir: dir,
      consoleUrl: url,
      updateKey: keys.publicKey,
      version: '1.1.0',
      program,
      singleFile: true,
      log: () => undefined,
      report: (s) => statuses.push(s),
      restart: async () => void restarts++,
      confirmMs: 200,
    });
    await late.start();
    expect(late.status().state).toBe('restarting');
    await expect.poll(() => restarts, { timeout: 5_000 }).toBe(1);
    expect(readFileSync(program, 'utf8')).toContain('1.0.0');
    expect(late.status()).toMatchObject({ state: 'rolled-back', version: '1.1.0' });

    // The old version starts again: it says it rolled back and does not try 1.1.0 again.
    served = { manifest: release('1.1.0'), body: script('1.1.0') };
    const old = updater();
    await old.start();
    expect(old.status()).toMatchObject({ state: 'rolled-back', version: '1.1.0' });
    old.onRelease({ version: '1.1.0', hold: false });
    expect(old.status().state).toBe('rolled-back');

    // A new version that connects in time is confirmed and the previous program removed.
    writeFileSync(`${program}.previous`, script('1.0.0'));
    writeFileSync(join(dir, UPDATE_FILE), JSON.stringify({ ...record, to: '1.2.0' }));
    const good = new Updater({
      stateDir: dir,
      consoleUrl: url,
      updateKey: keys.publicKey,
      version: '1.2.0',
      program,
      singleFile: true,
      log: () => undefined,
      report: () => undefined,
      restart: async () => void restarts++,
      confirmMs: 60_000,
    });
    await good.start();
    await good.confirm();
    expect(good.status()).toMatchObject({ state: 'current', version: '1.2.0' });
    expect(existsSync(`${program}.previous`)).toBe(false);
    good.stop();
  });
});
