import { existsSync, statSync } from 'node:fs';
import { getTableColumns, getTableName } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { getTableConfig as getPgTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { openDatabase } from '../db/client.js';
import { parseDatabaseUrl } from '../config.js';
import { migratePg, openPgDatabase, redactUrl } from '../db/pg/client.js';
import { sqliteTablesOf } from '../db/pg/derive.js';
import { pgSchema } from '../db/pg/schema.js';
import { canonical, drizzleShape, pgShape } from '../db/pg/shape.js';
import * as sqliteSchema from '../db/schema/index.js';
import { allowOnly, intFlag, type ParsedArgs, stringFlag, UsageError } from './args.js';
import type { Io } from './commands.js';

/** One table to copy: its SQLite definition and the PostgreSQL table derived from it. */
interface TablePair {
  name: string;
  sqlite: SQLiteTable;
  pg: PgTable;
  /** JS key → SQLite column, in definition order. */
  columns: [string, SQLiteColumn][];
  /** The identity column (a SQLite INTEGER PRIMARY KEY), whose sequence is moved past the copied ids. */
  identity: string | null;
}

export interface CopyCount {
  table: string;
  sqlite: number;
  postgres: number;
}

/** Tables so that each comes after every table it references (the order rows can be inserted in). */
export function tablesInForeignKeyOrder(): TablePair[] {
  const sqliteTables = sqliteTablesOf(sqliteSchema);
  const pgTables = pgSchema as unknown as Record<string, PgTable>;
  const pairs = new Map<string, TablePair>();
  const deps = new Map<string, Set<string>>();
  for (const [key, sqlite] of Object.entries(sqliteTables)) {
    const pg = pgTables[key];
    if (!pg) throw new Error(`no PostgreSQL table for ${key}`);
    const name = getTableName(sqlite);
    const columns = Object.entries(getTableColumns(sqlite)) as [string, SQLiteColumn][];
    const identity = getPgTableConfig(pg).columns.find((c) => c.generatedIdentity)?.name ?? null;
    pairs.set(name, { name, sqlite, pg, columns, identity });
    deps.set(
      name,
      new Set(
        getPgTableConfig(pg)
          .foreignKeys.map((fk) => getTableName(fk.reference().foreignTable))
          .filter((t) => t !== name),
      ),
    );
  }
  const ordered: TablePair[] = [];
  const done = new Set<string>();
  const visiting = new Set<string>();
  const visit = (name: string) => {
    if (done.has(name)) return;
    if (visiting.has(name)) throw new Error(`foreign keys form a cycle through ${name}: the copy needs an order`);
    visiting.add(name);
    for (const d of [...(deps.get(name) ?? [])].sort()) visit(d);
    visiting.delete(name);
    done.add(name);
    const pair = pairs.get(name);
    if (pair) ordered.push(pair);
  };
  for (const name of [...pairs.keys()].sort()) visit(name);
  return ordered;
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function countTable(lines: CopyCount[]): string[] {
  const width = Math.max(5, ...lines.map((l) => l.table.length));
  const out = [`${'table'.padEnd(width)}  ${'sqlite'.padStart(10)}  ${'postgresql'.padStart(10)}`];
  for (const l of lines) {
    out.push(
      `${l.table.padEnd(width)}  ${String(l.sqlite).padStart(10)}  ${String(l.postgres).padStart(10)}  ${l.sqlite === l.postgres ? 'ok' : 'MISMATCH'}`,
    );
  }
  return out;
}

/**
 * `safefleet-server migrate --from data/safefleet.db --to postgres://…`: copies a console's SQLite
 * database into PostgreSQL. Applies the PostgreSQL migrations, checks the target's tables are this
 * version's, then copies every table in foreign-key order, in batches, inside ONE transaction
 * (a failure leaves the target as it was: fix the cause and run it again), moves each identity
 * sequence past the highest id SQLite ever gave, and compares row counts per table before
 * committing. A target holding any Safefleet rows is refused unless --force, which deletes them
 * in the same transaction. The SQLite file is read in one read transaction (a consistent snapshot);
 * stop the console first, or rows it writes after the snapshot are not copied.
 */
export async function migrateCommand(args: ParsedArgs, io: Io): Promise<number> {
  allowOnly(args, ['from', 'to', 'force', 'batch']);
  const from = stringFlag(args, 'from');
  const to = stringFlag(args, 'to') ?? (io.env.SAFEFLEET_DATABASE_URL || undefined);
  const force = args.flags.get('force') === true;
  const batchRows = intFlag(args, 'batch', 1, 10_000) ?? 1000;
  if (!from) throw new UsageError("migrate needs --from FILE (the console's SQLite database, e.g. data/safefleet.db)");
  if (!to) throw new UsageError('migrate needs --to postgres://… (or SAFEFLEET_DATABASE_URL)');
  try {
    parseDatabaseUrl(to, stringFlag(args, 'to') ? '--to' : 'SAFEFLEET_DATABASE_URL');
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (!existsSync(from) || !statSync(from).isFile()) throw new UsageError(`--from ${from}: no such file`);

  // Opened like every other command: pending SQLite migrations are applied first, so both sides are
  // at this version's schema.
  const source = openDatabase(from);
  const target = openPgDatabase(to, { max: 2 });
  const where = redactUrl(to);
  try {
    await migratePg(target.db);
    const pairs = tablesInForeignKeyOrder();

    const live = await pgShape(target.pool);
    const expected = drizzleShape(pairs.map((p) => p.pg));
    const differing = pairs.map((p) => p.name).filter((n) => canonical(live[n]) !== canonical(expected[n]));
    if (differing.length > 0) {
      io.err(`The tables in ${where} are not this version's (${differing.join(', ')} differ). Use an empty database of its own.`);
      return 1;
    }

    const holding: string[] = [];
    for (const p of pairs) {
      const r = await target.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${quote(p.name)}`);
      const n = Number(r.rows[0]?.n ?? 0);
      if (n > 0) holding.push(`${p.name} (${n})`);
    }
    if (holding.length > 0 && !force) {
      io.err(`${where} already holds Safefleet data: ${holding.join(', ')}.`);
      io.err('Nothing was copied. To replace it with the copy, run again with --force (every Safefleet row there is deleted first).');
      return 1;
    }

    io.out(`Copying ${from} into ${where} (${pairs.length} tables, one transaction)...`);
    if (holding.length > 0) {
      io.out(`--force: deleting the rows already there (${holding.join(', ')}) in the same transaction; if the copy fails they are kept.`);
    }
    const sqlite = source.sqlite;
    const client = await target.pool.connect();
    let counts: CopyCount[] = [];
    let committed = false;
    // One read transaction over the SQLite file: every table is read from the same snapshot.
    sqlite.exec('BEGIN');
    try {
      await client.query('BEGIN');
      if (holding.length > 0) {
        await client.query(`TRUNCATE ${pairs.map((p) => quote(p.name)).join(', ')} RESTART IDENTITY`);
      }
      // The copy carries SQLite's derived rows too (fleet_counts): the triggers that keep them would
      // count every copied device and finding a second time. Off for this transaction only (ALTER
      // TABLE is transactional); foreign keys are not user triggers and stay checked.
      for (const p of pairs) await client.query(`ALTER TABLE ${quote(p.name)} DISABLE TRIGGER USER`);
      const tx = drizzle({ client });
      for (const p of pairs) {
        const names = p.columns.map(([, c]) => quote(c.name)).join(', ');
        const rows = sqlite.prepare(`SELECT ${names} FROM ${quote(p.name)}`).raw(true);
        // PostgreSQL takes at most 65,535 parameters in one statement.
        const perBatch = Math.max(1, Math.min(batchRows, Math.floor(60_000 / p.columns.length)));
        let batch: Record<string, unknown>[] = [];
        let copied = 0;
        const flush = async () => {
          if (batch.length === 0) return;
          try {
            await tx.insert(p.pg).values(batch as never);
          } catch (err) {
            throw new Error(`copying ${p.name} (rows ${copied + 1}-${copied + batch.length}): ${(err as Error).message}`);
          }
          copied += batch.length;
          batch = [];
        };
        for (const raw of rows.iterate() as Iterable<unknown[]>) {
          const row: Record<string, unknown> = {};
          p.columns.forEach(([key, col], i) => {
            const v = raw[i];
            // The same JS value the console's code sees: drizzle's SQLite mapping in, its pg mapping out.
            row[key] = v === null || v === undefined ? null : col.mapFromDriverValue(v);
          });
          batch.push(row);
          if (batch.length >= perBatch) await flush();
        }
        await flush();
        // Progress for a large console (reports can be gigabytes): one line per table as it is done.
        io.out(`  ${p.name}: ${copied} row${copied === 1 ? '' : 's'}`);
        if (p.identity) {
          // Past the highest id SQLite ever gave (AUTOINCREMENT remembers deleted ones in sqlite_sequence).
          const maxRow = sqlite.prepare(`SELECT max(${quote(p.identity)}) AS m FROM ${quote(p.name)}`).get() as { m: number | null };
          const hasSeq = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'").get();
          const seqRow = hasSeq
            ? (sqlite.prepare('SELECT seq FROM sqlite_sequence WHERE name = ?').get(p.name) as { seq: number } | undefined)
            : undefined;
          const high = Math.max(maxRow.m ?? 0, seqRow?.seq ?? 0);
          await client.query('SELECT setval(pg_get_serial_sequence($1, $2), $3, $4)', [quote(p.name), p.identity, Math.max(high, 1), high > 0]);
        }
      }
      for (const p of pairs) await client.query(`ALTER TABLE ${quote(p.name)} ENABLE TRIGGER USER`);
      counts = [];
      for (const p of pairs) {
        const s = sqlite.prepare(`SELECT count(*) AS n FROM ${quote(p.name)}`).get() as { n: number };
        const r = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${quote(p.name)}`);
        counts.push({ table: p.name, sqlite: s.n, postgres: Number(r.rows[0]?.n ?? -1) });
      }
      if (counts.some((c) => c.sqlite !== c.postgres)) {
        await client.query('ROLLBACK');
        for (const line of countTable(counts)) io.out(line);
        io.err(`Row counts differ (MISMATCH above): nothing was committed; ${where} is as it was before.`);
        return 1;
      }
      await client.query('COMMIT');
      committed = true;
    } catch (err) {
      if (!committed) await client.query('ROLLBACK').catch(() => {});
      io.err(`The copy failed and was rolled back (${where} is as it was before): ${(err as Error).message}`);
      return 1;
    } finally {
      sqlite.exec('COMMIT');
      client.release();
    }

    // Counted again after the commit, on a new connection: what a console would now see.
    const after: CopyCount[] = [];
    for (const c of counts) {
      const r = await target.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${quote(c.table)}`);
      after.push({ table: c.table, sqlite: c.sqlite, postgres: Number(r.rows[0]?.n ?? -1) });
    }
    for (const line of countTable(after)) io.out(line);
    if (after.some((c) => c.sqlite !== c.postgres)) {
      io.err('Row counts differ after the commit (MISMATCH above): something else is writing to the target.');
      return 1;
    }
    const total = after.reduce((n, c) => n + c.postgres, 0);
    io.out(`Copied and verified: ${after.length} tables, ${total} rows, counts equal table by table.`);
    io.out('Note: the console cannot serve from PostgreSQL yet; keep running it on SQLite (docs/deployment.md).');
    return 0;
  } finally {
    source.close();
    await target.close();
  }
}
