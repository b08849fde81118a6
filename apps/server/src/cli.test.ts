import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeEnrolmentString } from '@safefleet/protocol';
import { buildApp } from './app.js';
import { databaseFile, resolveConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { runCli, spawnCli, type CliRun } from './test-support/run-cli.js';

function run(args: string[], stdin?: string, env?: NodeJS.ProcessEnv): Promise<CliRun> {
  return runCli(args, { stdin, env });
}

/** Starts `safefleet-server start` and resolves once it prints the listening line. */
function startServer(args: string[], env?: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string; stdout: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(['start', '--port', '0', ...args], env);
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`no listening line; stdout: ${stdout}; stderr: ${stderr}`)), 20_000);
    child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdout?.on('data', (c: Buffer) => {
      stdout += c.toString();
      const m = /^Safefleet console listening on (http:\/\/\S+)$/m.exec(stdout);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: m[1], stdout: () => stdout });
      }
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}; stderr: ${stderr}`)));
  });
}

describe('safefleet-server CLI (real processes)', { timeout: 30_000 }, () => {
  let dir: string;
  const children: ChildProcess[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'safefleet-cli-test-'));
  });
  afterEach(() => {
    for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints usage for --help and fails clearly on unknown commands', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('token create [--uses N] [--expires 7d] [--url URL] [--org ID] [--data DIR]');
    const bad = await run(['frobnicate']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown command "frobnicate"');
    const version = await run(['--version']);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('user add reads the password from stdin, and the user can sign in', async () => {
    const ok = await run(['user', 'add', '--email', 'DSL@Example.org', '--role', 'dsl', '--password-stdin', '--data', dir], 'a long password\n');
    expect(ok.stderr).toContain('Created dsl dsl@example.org');
    expect(ok.code).toBe(0);
    const again = await run(['user', 'add', '--email', 'dsl@example.org', '--role', 'dsl', '--password-stdin', '--data', dir], 'a long password\n');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');
    const short = await run(['user', 'add', '--email', 'v@example.org', '--role', 'viewer', '--password-stdin', '--data', dir], 'short\n');
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('at least 10 characters');
    const role = await run(['user', 'add', '--email', 'v@example.org', '--role', 'boss', '--password-stdin', '--data', dir], 'a long password\n');
    expect(role.stderr).toContain('role must be one of admin, dsl, viewer');

    const database = openDatabase(databaseFile(dir));
    const app = await buildApp({ db: database, config: resolveConfig({ dataDir: dir }) });
    try {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'dsl@example.org', password: 'a long password' } });
      expect(res.statusCode).toBe(200);
      expect(res.json().user.role).toBe('dsl');
    } finally {
      await app.close();
      database.close();
    }
  });

  it('token create prints only the enrolment string on stdout', async () => {
    const r = await run(['token', 'create', '--uses', '3', '--expires', '2d', '--url', 'http://192.168.1.5:8080', '--data', dir]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(decodeEnrolmentString(lines[0]!).url).toBe('http://192.168.1.5:8080');
    const fallback = await run(['token', 'create', '--data', dir]);
    expect(decodeEnrolmentString(fallback.stdout.trim()).url).toBe('http://127.0.0.1:8080');
    const database = openDatabase(databaseFile(dir));
    try {
      const rows = database.sqlite.prepare('select uses_left, expires_at, created_at from enrolment_tokens order by id').all() as Array<{
        uses_left: number;
        expires_at: string;
        created_at: string;
      }>;
      expect(rows.map((x) => x.uses_left)).toEqual([3, 1]);
      const hours = (Date.parse(rows[0]!.expires_at) - Date.parse(rows[0]!.created_at)) / 3_600_000;
      expect(hours).toBe(48);
    } finally {
      database.close();
    }
    const bad = await run(['token', 'create', '--expires', '2w', '--data', dir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('hours or days');
  });

  it('start creates the first admin, answers /healthz, works with token create alongside, and stops on SIGTERM', async () => {
    const server = await startServer(['--data', dir]);
    children.push(server.child);
    const box = /sign in as admin@localhost with password (\S+) —/.exec(server.stdout());
    expect(box?.[1]).toBeTruthy();
    expect(server.stdout()).toContain(`First start: sign in as admin@localhost with password ${box?.[1]} — change it after signing in`);

    const health = await fetch(`${server.url}/healthz`);
    expect(await health.json()).toEqual({ status: 'ok' });
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@localhost', password: box?.[1] }),
    });
    expect(login.status).toBe(200);

    const token = await run(['token', 'create', '--url', server.url, '--data', dir]);
    expect(token.code).toBe(0);
    const enroll = await fetch(`${server.url}/agent/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: decodeEnrolmentString(token.stdout.trim()).token, hostname: 'h', platform: 'linux', agentVersion: '0.1.0' }),
    });
    expect(enroll.status).toBe(200);

    const exited = new Promise<number | null>((resolve) => server.child.on('exit', resolve));
    server.child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('start takes the first admin password from SAFEFLEET_ADMIN_PASSWORD', async () => {
    const server = await startServer(['--data', dir, '--host', '127.0.0.1'], { SAFEFLEET_ADMIN_PASSWORD: 'from the environment' });
    children.push(server.child);
    expect(server.stdout()).toContain('with the password from SAFEFLEET_ADMIN_PASSWORD');
    expect(server.stdout()).not.toContain('from the environment');
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@localhost', password: 'from the environment' }),
    });
    expect(login.status).toBe(200);
    server.child.kill('SIGTERM');
  });
});
