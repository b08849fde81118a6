import type { PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../client.js';
import { migratePg, openPgDatabase, type PgDatabase } from './client.js';
import { pgSchema } from './schema.js';
import { type DbShape, drizzleShape, pgShape, sqliteShape } from './shape.js';
import { startTestCluster, type TestCluster } from './test-cluster.js';

/**
 * SQLite triggers (hand-written in drizzle/*.sql) that the PostgreSQL migrations do not have yet.
 * A new SQLite trigger fails the cross-check below until it is ported to drizzle-pg or listed here.
 */
const SQLITE_ONLY_TRIGGERS: string[] = [];

/** SQLite's column type for each PostgreSQL type the derivation emits (derive.ts). */
const SQLITE_TYPE_OF: Record<string, string> = {
  bigint: 'integer',
  boolean: 'integer',
  text: 'text',
  'double precision': 'real',
  bytea: 'blob',
  numeric: 'numeric',
};

let cluster: TestCluster;
let database: PgDatabase;

beforeAll(async () => {
  cluster = await startTestCluster();
  database = openPgDatabase(await cluster.createDatabase('migrations'));
  await migratePg(database.db);
});

afterAll(async () => {
  await database?.close();
  await cluster?.stop();
});

describe('PostgreSQL migrations (drizzle-pg) on a real PostgreSQL server', () => {
  it('create exactly the derived schema: every table, column type, nullability, default, identity, key, foreign key and index', async () => {
    const live = await pgShape(database.pool);
    const expected = drizzleShape(Object.values(pgSchema) as PgTable[]);
    // Table by table, so a failure names the table (e.g. after a SQLite schema change without `npm run db:generate:pg`).
    expect(Object.keys(live).sort(), 'tables (run `npm run db:generate:pg` after changing the SQLite schema)').toEqual(Object.keys(expected).sort());
    for (const name of Object.keys(expected)) expect(live[name], name).toEqual(expected[name]);
  });

  it('match the SQLite database the SQLite migrations build, column for column (both migration sets, end to end)', async () => {
    const live = await pgShape(database.pool);
    const sqlite = openDatabase(':memory:');
    try {
      const s = sqliteShape(sqlite.sqlite);
      const asSqlite: DbShape = {};
      for (const [name, t] of Object.entries(live)) {
        asSqlite[name] = {
          ...t,
          columns: Object.fromEntries(
            Object.entries(t.columns).map(([c, col]) => [c, { ...col, type: SQLITE_TYPE_OF[col.type] ?? `unmapped ${col.type}` }]),
          ),
        };
      }
      // SQLite's organisations migration (hand-written) added organisation_id with DEFAULT 1 to backfill
      // existing rows, and SQLite cannot drop a default; the schema has none, nor has PostgreSQL
      // (drizzle-pg/0005 drops it after its own backfill). That one leftover is not a difference.
      for (const t of Object.values(s)) {
        const col = t.columns.organisation_id;
        if (col?.default === '1') col.default = null;
      }
      expect(Object.keys(asSqlite).sort()).toEqual(Object.keys(s).sort());
      for (const name of Object.keys(s)) expect(asSqlite[name], name).toEqual(s[name]);

      const sqliteTriggers = (
        sqlite.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name").all() as { name: string }[]
      ).map((r) => r.name);
      const pgTriggers = (
        await database.pool.query<{ tgname: string }>(
          "SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT t.tgisinternal AND n.nspname = 'public' ORDER BY 1",
        )
      ).rows.map((r) => r.tgname);
      expect(sqliteTriggers).toEqual([...pgTriggers, ...SQLITE_ONLY_TRIGGERS].sort());
    } finally {
      sqlite.close();
    }
  });

  it('keep the audit log append-only, as SQLite does', async () => {
    await database.pool.query("INSERT INTO audit_log (at, actor, action) VALUES ('2026-12-03T00:00:00.000Z', 'cli', 'test.row')");
    await expect(database.pool.query("UPDATE audit_log SET actor = 'x'")).rejects.toThrow(/append-only/);
    await expect(database.pool.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    const n = await database.pool.query<{ n: string }>('SELECT count(*) AS n FROM audit_log');
    expect(n.rows[0]?.n).toBe('1');
  });

  it('keep fleet_counts exactly as SQLite’s triggers do, through every kind of device and finding write', async () => {
    const url = await cluster.createDatabase('counts');
    const pgDb = openPgDatabase(url, { max: 1 });
    const sqlite = openDatabase(':memory:');
    try {
      await migratePg(pgDb.db);
      // d1, d2 and d4 in organisation 1, d3 in organisation 2: counts are kept per organisation.
      const orgOf = (id: string) => (id === 'd3' ? 2 : 1);
      const device = (id: string, kind: string, status: string) =>
        `INSERT INTO devices (id, organisation_id, hostname, platform, secret_hash, enrolled_at, kind, status) VALUES ('${id}', ${orgOf(id)}, '${id}', 'linux', 'x', '2026-12-01', '${kind}', '${status}')`;
      const finding = (device: string, control: string, status: string) =>
        `INSERT INTO findings (organisation_id, device_id, control, status, reason, resolution, updated_at) VALUES (${orgOf(device)}, '${device}', '${control}', '${status}', 'r', 'r', '2026-12-01')`;
      const steps = [
        device('d1', 'laptop', 'compliant'),
        device('d2', 'laptop', 'nonCompliant'),
        device('d3', 'tablet', 'grace'),
        device('d4', 'tablet', 'grace'),
        finding('d1', 'antivirus', 'pass'),
        finding('d1', 'disk-encryption', 'pass'),
        finding('d2', 'antivirus', 'fail'),
        finding('d2', 'disk-encryption', 'fail'),
        finding('d3', 'screen-lock', 'grace'),
        "UPDATE findings SET status = 'pass' WHERE device_id = 'd2' AND control = 'antivirus'",
        "UPDATE findings SET control = 'os-updates' WHERE device_id = 'd3'",
        "UPDATE findings SET reason = 'only the words'",
        "UPDATE devices SET status = 'compliant' WHERE id = 'd2'",
        'UPDATE devices SET status = status',
        "UPDATE devices SET kind = 'desktop' WHERE id = 'd1'",
        "UPDATE devices SET revoked_at = '2026-12-02' WHERE id = 'd2'",
        finding('d2', 'screen-lock', 'fail'),
        "UPDATE findings SET status = 'grace' WHERE device_id = 'd2' AND control = 'screen-lock'",
        "DELETE FROM findings WHERE device_id = 'd2' AND control = 'disk-encryption'",
        "UPDATE devices SET kind = 'phone' WHERE id = 'd2'",
        "UPDATE devices SET revoked_at = NULL, status = 'stale' WHERE id = 'd2'",
        "UPDATE devices SET status = 'stale', kind = 'laptop' WHERE id IN ('d1', 'd3')",
        "DELETE FROM findings WHERE device_id = 'd1' AND control = 'antivirus'",
        "DELETE FROM devices WHERE id = 'd3'",
        "UPDATE devices SET revoked_at = '2026-12-03' WHERE id = 'd1'",
        "DELETE FROM devices WHERE id = 'd1'",
      ];
      const counts = 'SELECT organisation_id, kind, key, status, n FROM fleet_counts ORDER BY organisation_id, kind, key, status';
      // What the counts must be: counted from the rows (the recount of drizzle/0007 and 0010).
      const recount = `SELECT organisation_id, kind, key, status, n FROM (
          SELECT organisation_id, 'status' AS kind, '' AS key, status, count(*) AS n FROM devices WHERE revoked_at IS NULL GROUP BY organisation_id, status
          UNION ALL SELECT d.organisation_id, 'control', f.control, f.status, count(*) FROM findings f JOIN devices d ON d.id = f.device_id WHERE d.revoked_at IS NULL GROUP BY d.organisation_id, f.control, f.status
          UNION ALL SELECT organisation_id, 'device-kind', kind, status, count(*) FROM devices WHERE revoked_at IS NULL GROUP BY organisation_id, kind, status
          UNION ALL SELECT d.organisation_id, 'kind-control', d.kind || ':' || f.control, f.status, count(*) FROM findings f JOIN devices d ON d.id = f.device_id WHERE d.revoked_at IS NULL GROUP BY d.organisation_id, d.kind, f.control, f.status
        ) t ORDER BY organisation_id, kind, key, status`;
      type Row = { organisation_id: number | string; kind: string; key: string; status: string; n: number | string };
      const numbers = (rows: Row[]) => rows.map((r) => ({ ...r, organisation_id: Number(r.organisation_id), n: Number(r.n) }));
      const nonZero = (rows: Row[]) => numbers(rows).filter((r) => r.n !== 0);
      for (const step of steps) {
        sqlite.sqlite.exec(step);
        await pgDb.pool.query(step);
        const fromSqlite = numbers(sqlite.sqlite.prepare(counts).all() as Row[]);
        const fromPg = numbers((await pgDb.pool.query<Row>(counts)).rows);
        expect(fromPg, `after: ${step}`).toEqual(fromSqlite);
        expect(nonZero(fromPg), `recount after: ${step}`).toEqual(nonZero((await pgDb.pool.query<Row>(recount)).rows));
      }
    } finally {
      sqlite.close();
      await pgDb.close();
    }
  });

  it('are recorded, so applying them again changes nothing', async () => {
    const before = await pgShape(database.pool);
    await migratePg(database.db);
    expect(await pgShape(database.pool)).toEqual(before);
    const journal = await database.pool.query<{ n: string }>('SELECT count(*) AS n FROM drizzle.__drizzle_migrations');
    expect(Number(journal.rows[0]?.n)).toBeGreaterThan(0);
  });

  it('the harness runs PostgreSQL as an unprivileged user, on loopback, and cleans up after itself', async () => {
    const r = await database.pool.query<{ addr: string; listen: string }>(
      "SELECT inet_server_addr()::text AS addr, current_setting('listen_addresses') AS listen",
    );
    expect(r.rows[0]).toEqual({ addr: '127.0.0.1/32', listen: '127.0.0.1' });
    const { readFileSync, existsSync } = await import('node:fs');
    const pid = Number(readFileSync(`${cluster.dir}/data/postmaster.pid`, 'utf8').split('\n')[0]);
    const uid = Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    expect(uid).not.toBe(0);

    const other = await startTestCluster();
    const otherPid = Number(readFileSync(`${other.dir}/data/postmaster.pid`, 'utf8').split('\n')[0]);
    expect(existsSync(`/proc/${otherPid}`)).toBe(true);
    await other.stop();
    expect(existsSync(other.dir)).toBe(false);
    expect(existsSync(`/proc/${otherPid}`)).toBe(false);
  });
});
