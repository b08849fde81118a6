import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { databaseFile } from '../../config.js';
import { openDatabase } from '../../db/client.js';
import { createTestServer, type TestServer } from '../../test-support/harness.js';

describe('health', () => {
  let t: TestServer | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('GET /healthz answers ok without a session', async () => {
    t = await createTestServer();
    const res = await t.app.inject({ url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('says 503 and why when the database cannot be written', async () => {
    t = await createTestServer();
    t.database.sqlite.pragma('query_only = ON'); // reads still work, every write is refused
    const res = await t.app.inject({ url: '/healthz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ status: 'error', error: 'the database cannot be written (attempt to write a readonly database)' });
  });

  it('says 503 and why when the data folder has too little free space', async () => {
    t = await createTestServer({ config: { minFreeDiskMb: 1_000_000_000_000 } });
    const res = await t.app.inject({ url: '/healthz' });
    expect(res.statusCode).toBe(503);
    expect(res.json().error).toMatch(/^the data folder's disk has \d+ MB free, less than the 1000000000000 MB needed$/);
  });
});

describe('data folder and database files', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('makes the data folder 0700 and the database, WAL and shared-memory files 0600, also for an existing 0644 database', () => {
    const parent = mkdtempSync(join(tmpdir(), 'safefleet-perms-'));
    dirs.push(parent);
    const data = join(parent, 'data');
    const first = openDatabase(databaseFile(data));
    first.sqlite.exec('create table scratch(x)'); // a write, so the -wal and -shm files exist
    expect(statSync(data).mode & 0o777).toBe(0o700);
    for (const f of ['safefleet.db', 'safefleet.db-wal', 'safefleet.db-shm']) expect(statSync(join(data, f)).mode & 0o777, f).toBe(0o600);
    first.close();

    // A database left readable by an older version is tightened on the next open.
    chmodSync(data, 0o755);
    chmodSync(databaseFile(data), 0o644);
    writeFileSync(join(data, 'safefleet.db-wal'), '');
    chmodSync(join(data, 'safefleet.db-wal'), 0o644);
    const again = openDatabase(databaseFile(data));
    expect(statSync(data).mode & 0o777).toBe(0o700);
    expect(statSync(databaseFile(data)).mode & 0o777).toBe(0o600);
    expect(statSync(join(data, 'safefleet.db-wal')).mode & 0o777).toBe(0o600);
    // Commits (and so every ack, sent after its commit) are synced to disk: synchronous=FULL (2).
    expect(again.sqlite.pragma('synchronous', { simple: true })).toBe(2);
    again.close();
  });
});
