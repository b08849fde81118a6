import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Alert } from '@safefleet/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseFile } from '../config.js';
import { openDatabase } from '../db/client.js';
import { openPgDatabase, type PgDatabase } from '../db/pg/client.js';
import { startTestCluster, type TestCluster } from '../db/pg/test-cluster.js';
import { createAlertsTestServer } from '../test-support/alerts-harness.js';
import { buildFacts, buildNoncompliantFacts } from '../test-support/facts.js';
import { addUser, adminCookie, enrolDevice, ingest, login } from '../test-support/harness.js';
import { parseArgs, UsageError } from './args.js';
import type { Io } from './commands.js';
import { migrateCommand, tablesInForeignKeyOrder } from './migrate.js';
import { runCli } from '../test-support/run-cli.js';

const NOTE = 'Spoke to Sam — said "it\'s for family"; followed up 💬\nSecond line, 100% sure.';

let cluster: TestCluster;
let dir: string;
let file: string;

/** A real console's SQLite file: users, enrolled devices, reports, findings, alerts, a triaged concern with notes. */
async function buildConsole(): Promise<{ dir: string; file: string }> {
  let now = new Date('2026-11-20T09:00:00.000Z');
  const t = await createAlertsTestServer({ now: () => now });
  const admin = await adminCookie(t.app);
  await addUser(t.app, 'dsl@example.org', 'dsl');
  const ids: string[] = [];
  for (const host of ['office-laptop-01', 'office-laptop-02', 'hall-desktop']) ids.push((await enrolDevice(t.app, admin, host)).deviceId);
  ingest(t.app, ids[0] as string, buildFacts({}, now), 1);
  ingest(t.app, ids[1] as string, buildNoncompliantFacts(now), 1);
  ingest(t.app, ids[2] as string, buildNoncompliantFacts(now), 1);
  now = new Date(now.getTime() + 3_600_000);
  ingest(t.app, ids[2] as string, buildFacts({}, now), 2);
  const dsl = await login(t.app, 'dsl@example.org');
  const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: { cookie: dsl }, ...(payload ? { payload } : {}) });
  const alerts = (await call('GET', '/api/alerts?status=open')).json<Alert[]>();
  const concernId = alerts.find((a) => a.concernId)?.concernId;
  if (!concernId) throw new Error('no concern raised by the non-compliant device');
  expect((await call('POST', '/api/concerns/triage', { ids: [concernId], outcome: 'concern', riskLevel: 'medium' })).statusCode).toBe(200);
  expect((await call('POST', `/api/concerns/${concernId}/assess`, { assessment: 'Low risk.' })).statusCode).toBe(200);
  expect((await call('POST', `/api/concerns/${concernId}/action`, { actionsTaken: 'Removed.', referral: { made: false } })).statusCode).toBe(200);
  expect((await call('POST', `/api/concerns/${concernId}/notes`, { note: NOTE })).statusCode).toBe(200);
  await t.app.close();
  t.database.close();
  return { dir: t.dir, file: databaseFile(t.dir) };
}

function capture(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (l) => stdout.push(l),
    err: (l) => stderr.push(l),
    readStdin: async () => '',
    env: {},
  };
}

async function migrate(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = capture();
  const code = await migrateCommand(parseArgs(['migrate', ...argv]), io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

/** Every row of every table, as drizzle hands them to the console's code, in a stable order. */
async function allRows(pg: PgDatabase | null): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  const source = pg ? null : openDatabase(file);
  try {
    for (const p of tablesInForeignKeyOrder()) {
      const rows = pg ? await pg.db.select().from(p.pg) : (source?.db.select().from(p.sqlite).all() ?? []);
      out[p.name] = rows.map((r) => JSON.stringify(r, (_k, v: unknown) => (v instanceof Date ? `date:${v.toISOString()}` : v))).sort();
    }
  } finally {
    source?.close();
  }
  return out;
}

async function count(url: string, table: string): Promise<number> {
  const db = openPgDatabase(url, { max: 1 });
  try {
    return Number((await db.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]?.n);
  } finally {
    await db.close();
  }
}

beforeAll(async () => {
  [cluster, { dir, file }] = await Promise.all([startTestCluster(), buildConsole()]);
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('safefleet-server migrate --from SQLite --to PostgreSQL', { timeout: 60_000 }, () => {
  it('copies every table, row for row and value for value, and prints the counts per table', async () => {
    const url = await cluster.createDatabase('copy');
    // The test cluster trusts loopback, so a password is accepted and ignored: it must never be printed.
    const withPassword = url.replace('postgres@', 'postgres:s3cret@');
    const r = await migrate(['--from', file, '--to', withPassword]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/s3cret/);
    expect(r.out).toMatch(/postgres:\*\*\*@127\.0\.0\.1/);
    const source = await allRows(null);
    const pg = openPgDatabase(url);
    try {
      // Real data, not an empty schema: every kind of object the console keeps was created.
      for (const t of [
        'users',
        'devices',
        'reports',
        'findings',
        'alerts',
        'concerns',
        'concern_events',
        'audit_log',
        'status_changes',
        'fleet_counts',
      ]) {
        expect(source[t]?.length, t).toBeGreaterThan(0);
      }
      const copied = await allRows(pg);
      for (const t of Object.keys(source)) expect(copied[t], t).toEqual(source[t]);
      for (const t of Object.keys(source)) expect(r.out).toMatch(new RegExp(`^${t} +${source[t]?.length} +${source[t]?.length}  ok$`, 'm'));
      expect(r.out).toMatch(/Copied and verified: \d+ tables, \d+ rows/);

      // Spot checks on the raw stored values, read with plain SQL on both sides.
      const sqlite = openDatabase(file);
      try {
        const report = sqlite.sqlite.prepare('SELECT report_id, facts_json FROM reports ORDER BY received_at LIMIT 1').get() as {
          report_id: string;
          facts_json: string;
        };
        const pgReport = await pg.pool.query<{ facts_json: string }>('SELECT facts_json FROM reports WHERE report_id = $1', [report.report_id]);
        expect(pgReport.rows[0]?.facts_json).toBe(report.facts_json);
        expect(JSON.parse(report.facts_json)).toHaveProperty('os');
        const pgNote = await pg.pool.query<{ note: string; concern_id: string }>("SELECT note, concern_id FROM concern_events WHERE action = 'note'");
        expect(pgNote.rows.map((n) => n.note)).toEqual([NOTE]);
        const concern = await pg.pool.query<{ referral_made: boolean; status: string }>('SELECT referral_made, status FROM concerns WHERE id = $1', [
          pgNote.rows[0]?.concern_id,
        ]);
        expect(concern.rows[0]).toEqual({ referral_made: false, status: 'actioned' });

        // Identity sequences continue after the copied ids: a new row gets the next id.
        const maxAudit = (sqlite.sqlite.prepare('SELECT max(id) AS m FROM audit_log').get() as { m: number }).m;
        const inserted = await pg.pool.query<{ id: string }>(
          "INSERT INTO audit_log (at, actor, action) VALUES ('2026-12-03T00:00:00.000Z', 'cli', 'test.after-migrate') RETURNING id",
        );
        expect(Number(inserted.rows[0]?.id)).toBe(maxAudit + 1);
        const concernIds = await pg.pool.query<{ id: string }>(
          "INSERT INTO concerns (organisation_id, source, summary, status, logged_at, logged_by, updated_at) VALUES (1, 'manual', 'x', 'logged', 'a', 'b', 'c') RETURNING id",
        );
        const maxConcern = (sqlite.sqlite.prepare('SELECT max(id) AS m FROM concerns').get() as { m: number }).m;
        expect(Number(concernIds.rows[0]?.id)).toBe(maxConcern + 1);
      } finally {
        sqlite.close();
      }
    } finally {
      await pg.close();
    }
  });

  it('refuses a target that already holds Safefleet data; --force replaces it in one transaction', async () => {
    const url = await cluster.createDatabase('again');
    expect((await migrate(['--from', file, '--to', url])).code).toBe(0);
    const devices = await count(url, 'devices');

    const refused = await migrate(['--from', file, '--to', url]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/already holds Safefleet data: .*devices \(3\)/);
    expect(refused.err).toMatch(/--force/);
    expect(await count(url, 'devices')).toBe(devices);

    const forced = await migrate(['--from', file, '--to', url, '--force']);
    expect(forced.err).toBe('');
    expect(forced.code).toBe(0);
    expect(forced.out).toMatch(/--force: deleting the rows already there/);
    // Replaced, not doubled.
    expect(await count(url, 'devices')).toBe(devices);
    const pg = openPgDatabase(url);
    try {
      expect(await allRows(pg)).toEqual(await allRows(null));
    } finally {
      await pg.close();
    }
  });

  it('exits 1 and commits nothing when a table’s count differs after the copy', async () => {
    const url = await cluster.createDatabase('mismatch');
    expect((await migrate(['--from', file, '--to', url])).code).toBe(0);
    const before = await count(url, 'status_changes');
    const pg = openPgDatabase(url, { max: 1 });
    try {
      // Something on the target that silently drops rows (a rule; user triggers are off during the
      // copy): the counts catch it.
      await pg.pool.query('CREATE RULE drop_some AS ON INSERT TO status_changes WHERE NEW.id % 2 = 0 DO INSTEAD NOTHING');
    } finally {
      await pg.close();
    }
    const r = await migrate(['--from', file, '--to', url, '--force']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^status_changes +\d+ +\d+ {2}MISMATCH$/m);
    expect(r.err).toMatch(/nothing was committed/);
    // Rolled back: the earlier copy is still there, whole.
    expect(await count(url, 'status_changes')).toBe(before);
    expect(await count(url, 'devices')).toBe(3);
  });

  it('runs as a real command: `safefleet-server migrate` exits 0 and prints the counts', async () => {
    const url = await cluster.createDatabase('spawned');
    const run = (args: string[]) => runCli(args, { env: { SAFEFLEET_DATABASE_URL: '' } });
    const ok = await run(['migrate', '--from', file, '--to', url]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^devices +3 +3 {2}ok$/m);
    // A shown copy of its output, for the reader of this test.
    expect(ok.stdout).toMatch(/^table +sqlite +postgresql$/m);
  });

  it('refuses a missing source file and a target that is not a postgres:// URL (usage errors: exit 2)', async () => {
    const url = cluster.url('postgres');
    await expect(migrate(['--from', join(dir, 'nope.db'), '--to', url])).rejects.toThrow(/--from .*nope\.db: no such file/);
    await expect(migrate(['--from', file, '--to', 'mysql://x@127.0.0.1/db'])).rejects.toThrow(UsageError);
    await expect(migrate(['--from', file])).rejects.toThrow(/--to postgres/);
    // SAFEFLEET_DATABASE_URL stands in for --to.
    const io = capture();
    io.env.SAFEFLEET_DATABASE_URL = 'mysql://x@127.0.0.1/db';
    await expect(migrateCommand(parseArgs(['migrate', '--from', file]), io)).rejects.toThrow(/postgres:\/\//);
  });
});
