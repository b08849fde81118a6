import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assertServableDatabase, parseDatabaseUrl, POSTGRES_SERVING_NOT_BUILT } from '../config.js';
import { parseArgs, UsageError } from './args.js';
import { type Io, startCommand } from './commands.js';
import { runCli } from '../test-support/run-cli.js';

function io(env: NodeJS.ProcessEnv = {}): Io {
  return { out: () => {}, err: () => {}, readStdin: async () => '', env };
}

describe('--database / SAFEFLEET_DATABASE_URL', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'safefleet-dburl-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('takes PostgreSQL URLs and refuses anything else, in words naming the flag', () => {
    for (const ok of [
      'postgres://safefleet@db.example.org:5432/safefleet',
      'postgresql://safefleet:s3cret@127.0.0.1/safefleet?sslmode=require',
      'postgres:///safefleet?host=/var/run/postgresql',
    ]) {
      expect(parseDatabaseUrl(ok, '--database')).toBe(ok);
    }
    expect(() => parseDatabaseUrl('data/safefleet.db', '--database')).toThrow(/--database is not a URL/);
    expect(() => parseDatabaseUrl('mysql://u@h/db', 'SAFEFLEET_DATABASE_URL')).toThrow(/SAFEFLEET_DATABASE_URL must be a postgres:\/\/ URL/);
    expect(() => parseDatabaseUrl('postgres://u@db.example.org', '--database')).toThrow(/names no database/);
    expect(() => parseDatabaseUrl('postgres:///safefleet', '--database')).toThrow(/names no server/);
    expect(() => assertServableDatabase({})).not.toThrow();
    expect(() => assertServableDatabase({ databaseUrl: 'postgres://h/db' })).toThrow(POSTGRES_SERVING_NOT_BUILT);
  });

  it('start refuses a PostgreSQL URL honestly, before creating anything; a bad URL is a usage error', async () => {
    const data = join(dir, 'data');
    const start = (argv: string[], env: NodeJS.ProcessEnv = {}) =>
      startCommand(parseArgs(['start', '--port', '0', '--data', data, ...argv]), io(env));
    await expect(start(['--database', 'postgres://safefleet@127.0.0.1/safefleet'])).rejects.toThrow(
      /serving from PostgreSQL is not built yet.*safefleet-server migrate/,
    );
    await expect(start([], { SAFEFLEET_DATABASE_URL: 'postgres://safefleet@127.0.0.1/safefleet' })).rejects.toThrow(/not built yet/);
    await expect(start(['--database', 'sqlite:data.db'])).rejects.toThrow(UsageError);
    await expect(start([], { SAFEFLEET_DATABASE_URL: 'nonsense' })).rejects.toThrow(/SAFEFLEET_DATABASE_URL is not a URL/);
    expect(existsSync(data)).toBe(false);
  });

  it('the real command exits 1 with the reason and leaves no data folder', async () => {
    const data = join(dir, 'data');
    const r = await runCli(['start', '--port', '0', '--data', data], {
      env: { SAFEFLEET_DATABASE_URL: 'postgres://safefleet:s3cret@127.0.0.1:5432/safefleet' },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^safefleet-server: serving from PostgreSQL is not built yet/);
    expect(r.stderr).not.toMatch(/s3cret/);
    expect(r.stdout).not.toMatch(/listening/);
    expect(existsSync(data)).toBe(false);
  }, 30_000);
});
