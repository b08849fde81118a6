import { readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { encodeEnrolmentString } from '@safefleet/protocol';
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../transport/fixtures/reports.js';
import { parseArgs, UsageError } from './args.js';
import { normaliseWsUrl } from './enroll.js';
import { runCli } from './fixtures/spawn-cli.js';

describe('parseArgs', () => {
  const flags = [
    { name: 'state', value: 'DIR', description: '' },
    { name: 'json', description: '' },
  ];
  it('reads flags in every form', () => {
    expect(parseArgs(['x', '--state', '/a', '--json'], flags)).toEqual({ positionals: ['x'], flags: { state: '/a', json: true } });
    expect(parseArgs(['--state=/b', '-h', '--', '--json'], flags)).toEqual({ positionals: ['--json'], flags: { state: '/b', help: true } });
  });
  it('rejects unknown flags and missing values', () => {
    expect(() => parseArgs(['--nope'], flags)).toThrow(new UsageError('unknown option --nope'));
    expect(() => parseArgs(['--state'], flags)).toThrow('--state needs a value (DIR)');
    expect(() => parseArgs(['--state', '--json'], flags)).toThrow('--state needs a value');
    expect(() => parseArgs(['--json=yes'], flags)).toThrow('--json does not take a value');
    expect(() => parseArgs(['-x'], flags)).toThrow('unknown option -x');
  });
});

describe('normaliseWsUrl', () => {
  it('makes the console address absolute and ws:/wss:', () => {
    expect(normaliseWsUrl('ws://h:1/ws/agent', 'http://x')).toBe('ws://h:1/ws/agent');
    expect(normaliseWsUrl('/ws/agent', 'https://console.example.org')).toBe('wss://console.example.org/ws/agent');
    expect(() => normaliseWsUrl('ftp://h/ws', 'http://x')).toThrow(/unusable/);
  });
});

describe('safefleet-agent (real process)', () => {
  let server: Server;
  let consoleUrl: string;
  const requests: Record<string, unknown>[] = [];
  let dir: string;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        if (req.method !== 'POST' || req.url !== '/agent/enroll') {
          res.writeHead(404).end();
          return;
        }
        const data = JSON.parse(body) as { token: string };
        requests.push(data);
        res.setHeader('content-type', 'application/json');
        if (data.token === 'good-token-0123456789') {
          res.end(JSON.stringify({ deviceId: 'dev_42', deviceSecret: 'sekrit', wsUrl: 'ws://127.0.0.1:1/ws/agent' }));
        } else {
          res.writeHead(410).end(JSON.stringify({ error: 'this enrolment token has already been used' }));
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    consoleUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(async () => ({ dir, cleanup } = await tempDir()));
  afterEach(async () => cleanup());

  it('prints usage, help per command and the version', async () => {
    const none = await runCli([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Usage: safefleet-agent <command> [options]');
    const help = await runCli(['help']);
    expect(help.code).toBe(0);
    for (const c of ['enroll <enrolment-string>', 'run', 'collect', 'check']) expect(help.stdout).toContain(c);
    const checkHelp = await runCli(['check', '--help']);
    expect(checkHelp.stdout).toContain('Usage: safefleet-agent check [--json] [--state DIR]');
    expect((await runCli(['--version'])).stdout).toBe('safefleet-agent 0.1.0\n');
    const unknown = await runCli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
  });

  it('explains a garbage enrolment string', async () => {
    const r = await runCli(['enroll', 'garbage', '--state', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('enrolment failed: not a Safefleet enrolment string (it should start with "SFE1.")\n');
    const damaged = await runCli(['enroll', 'SFE1.bm90LWpzb24', '--state', dir]);
    expect(damaged.stderr).toContain('the enrolment string is damaged: copy it again from the console');
  });

  it('explains an unreachable console and a refused token', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const token = 'good-token-0123456789';
    const unreachable = await runCli(['enroll', encodeEnrolmentString({ url: `http://127.0.0.1:${port}`, token }), '--state', dir]);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain(`could not reach the console at http://127.0.0.1:${port} (ECONNREFUSED)`);

    const refused = await runCli(['enroll', encodeEnrolmentString({ url: consoleUrl, token: 'used-token-0123456789' }), '--state', dir]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe('enrolment failed: the console refused the enrolment: this enrolment token has already been used\n');
  });

  it('enrols, saves the identity 0600, and refuses to overwrite it without --force', async () => {
    const s = encodeEnrolmentString({ url: consoleUrl, token: 'good-token-0123456789' });
    const r = await runCli(['enroll', s, '--state', dir]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`Enrolled as device dev_42 with ${consoleUrl}.\n`);
    expect(r.code).toBe(0);
    expect(requests.at(-1)).toMatchObject({ token: 'good-token-0123456789', platform: process.platform, agentVersion: '0.1.0' });
    expect(typeof requests.at(-1)?.hostname).toBe('string');
    const saved = JSON.parse(await readFile(join(dir, 'enrolment.json'), 'utf8'));
    expect(saved).toMatchObject({ url: consoleUrl, wsUrl: 'ws://127.0.0.1:1/ws/agent', deviceId: 'dev_42', deviceSecret: 'sekrit' });
    if (process.platform !== 'win32') expect((await stat(join(dir, 'enrolment.json'))).mode & 0o777).toBe(0o600);

    const again = await runCli(['enroll', s, '--state', dir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already enrolled as device dev_42');
    const forced = await runCli(['enroll', s, '--state', dir, '--force']);
    expect(forced.code).toBe(0);
  });

  it('uses SAFEFLEET_AGENT_STATE and refuses to run when not enrolled', async () => {
    const r = await runCli(['run'], { SAFEFLEET_AGENT_STATE: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("not enrolled: run 'safefleet-agent enroll <enrolment-string>' first\n");
    const bad = await runCli(['run', '--state', dir, '--interval', '10']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--interval: "10" is not a duration');
  });
});
