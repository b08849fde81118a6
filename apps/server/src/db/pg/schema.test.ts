import { type Column, getTableColumns, is, type SQL, sql } from 'drizzle-orm';
import { PgDialect, getTableConfig as getPgTableConfig, type PgColumn, PgTable } from 'drizzle-orm/pg-core';
import {
  blob,
  getTableConfig as getSqliteTableConfig,
  integer,
  real,
  type SQLiteColumn,
  sqliteTable,
  type SQLiteTable,
  text,
} from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as sqliteSchema from '../schema/index.js';
import { derivePgSchema, pgTypeFor, sqliteTablesOf, UnmappedSchemaError } from './derive.js';
import * as pgModule from './schema.js';

const sqliteTables = sqliteTablesOf(sqliteSchema);
const { pgSchema } = pgModule;
const pgTables = pgSchema as unknown as Record<string, PgTable>;
const pgDialect = new PgDialect();

function pgColumns(t: PgTable): Record<string, PgColumn> {
  return getTableColumns(t) as Record<string, PgColumn>;
}

function whereText(where: SQL | undefined): string | undefined {
  return where ? pgDialect.sqlToQuery(where).sql : undefined;
}

describe('PostgreSQL schema derived from the SQLite schema', () => {
  it('has every SQLite table, under the same export name and table name, and drizzle-kit can see each one', () => {
    expect(Object.keys(sqliteTables).length).toBeGreaterThan(20);
    expect(Object.keys(pgTables).sort()).toEqual(Object.keys(sqliteTables).sort());
    // drizzle-kit reads top-level exports only: a table missing from the export list in schema.ts
    // would silently be left out of the PostgreSQL migrations.
    const exported = Object.entries(pgModule).filter(([k, v]) => k !== 'pgSchema' && is(v, PgTable));
    const missing = Object.keys(pgTables).filter((k) => !exported.some(([name, v]) => name === k && v === pgTables[k]));
    expect(missing, `add these to the export list in src/db/pg/schema.ts: ${missing.join(', ')}`).toEqual([]);
    for (const [key, t] of Object.entries(sqliteTables)) {
      expect(getPgTableConfig(pgTables[key] as PgTable).name).toBe(getSqliteTableConfig(t).name);
    }
  });

  for (const [key, sqliteTable] of Object.entries(sqliteTables)) {
    const s = getSqliteTableConfig(sqliteTable);
    it(`${s.name}: columns, keys, foreign keys and indexes match column for column`, () => {
      const pgTable = pgTables[key] as PgTable;
      const p = getPgTableConfig(pgTable);
      const sCols = getTableColumns(sqliteTable) as Record<string, SQLiteColumn>;
      const pCols = pgColumns(pgTable);
      expect(Object.keys(pCols)).toEqual(Object.keys(sCols));
      for (const [k, sc] of Object.entries(sCols)) {
        const pc = pCols[k] as PgColumn;
        const where = `${s.name}.${sc.name}`;
        expect(pc.name, where).toBe(sc.name);
        expect(pc.notNull, `${where} not null`).toBe(sc.notNull);
        expect(pc.primary, `${where} primary key`).toBe(sc.primary);
        expect(pc.default, `${where} default`).toEqual(sc.default);
        expect(pc.defaultFn, `${where} runtime default`).toBe(sc.defaultFn);
        expect(pc.isUnique, `${where} unique`).toBe(sc.isUnique);
        if (sc.isUnique) expect(pc.uniqueName).toBe(sc.uniqueName);
        expect(pc.enumValues ?? [], `${where} enum`).toEqual(sc.enumValues ?? []);
        expect(pc.getSQLType(), `${where} type`).toBe(pgTypeFor(sc, where));
        // A SQLite INTEGER PRIMARY KEY is assigned when omitted: so is the identity column.
        const rowid = sc.primary && sc.columnType === 'SQLiteInteger';
        expect(pc.generatedIdentity?.type, `${where} identity`).toBe(rowid ? 'byDefault' : undefined);
      }

      const names = (cols: Column[]) => cols.map((c) => c.name);
      expect(p.primaryKeys.map((pk) => [pk.getName(), names(pk.columns)])).toEqual(s.primaryKeys.map((pk) => [pk.getName(), names(pk.columns)]));

      const fks = (list: typeof s.foreignKeys | typeof p.foreignKeys) =>
        list
          .map((fk) => {
            const r = fk.reference();
            return {
              name: fk.getName(),
              columns: names(r.columns),
              foreignTable: r.foreignTable[Symbol.for('drizzle:Name') as never] as string,
              foreignColumns: names(r.foreignColumns),
              onDelete: fk.onDelete ?? 'no action',
              onUpdate: fk.onUpdate ?? 'no action',
            };
          })
          .sort((a, b) => a.name.localeCompare(b.name));
      expect(fks(p.foreignKeys)).toEqual(fks(s.foreignKeys));
      expect(fks(p.foreignKeys).every((fk) => typeof fk.foreignTable === 'string')).toBe(true);

      expect(p.uniqueConstraints.map((u) => [u.getName(), names(u.columns)])).toEqual(
        s.uniqueConstraints.map((u) => [u.getName(), names(u.columns)]),
      );

      const pIdx = p.indexes.map((ix) => ({
        name: ix.config.name,
        unique: ix.config.unique,
        columns: ix.config.columns.map((c) => (c as { name: string }).name),
        where: whereText(ix.config.where),
      }));
      const sIdx = s.indexes.map((ix) => ({
        name: ix.config.name,
        unique: ix.config.unique,
        columns: ix.config.columns.map((c) => (c as { name: string }).name),
        where: whereText(ix.config.where),
      }));
      expect(pIdx).toEqual(sIdx);
    });
  }

  it('keeps every identifier within PostgreSQL’s 63 bytes (longer names would be cut and could collide)', () => {
    const tooLong: string[] = [];
    const check = (n: string) => Buffer.byteLength(n) > 63 && tooLong.push(n);
    for (const t of Object.values(pgTables)) {
      const c = getPgTableConfig(t);
      check(c.name);
      for (const col of c.columns) check(col.name);
      for (const fk of c.foreignKeys) check(fk.getName());
      for (const pk of c.primaryKeys) check(pk.getName());
      for (const ix of c.indexes) check(ix.config.name ?? '');
      for (const col of c.columns) if (col.generatedIdentity) check(`${c.name}_${col.name}_seq`);
    }
    expect(tooLong).toEqual([]);
  });

  it('maps each SQLite column kind the schema may use, and refuses the ones without a decision', () => {
    const ok = sqliteTable('t_ok', {
      id: integer('id').primaryKey({ autoIncrement: true }),
      flag: integer('flag', { mode: 'boolean' }).notNull().default(false),
      at: integer('at', { mode: 'timestamp_ms' }),
      ratio: real('ratio'),
      raw: blob('raw', { mode: 'buffer' }),
      doc: text('doc', { mode: 'json' }),
      word: text('word', { enum: ['a', 'b'] })
        .notNull()
        .default('a'),
    });
    const derived = derivePgSchema({ ok }) as unknown as Record<string, PgTable>;
    const types = Object.fromEntries(getPgTableConfig(derived.ok as PgTable).columns.map((c) => [c.name, c.getSQLType()]));
    expect(types).toEqual({ id: 'bigint', flag: 'boolean', at: 'bigint', ratio: 'double precision', raw: 'bytea', doc: 'text', word: 'text' });
    // The timestamp and JSON columns read and write exactly what the SQLite columns do.
    const at = pgColumns(derived.ok as PgTable).at as PgColumn;
    const when = new Date('2026-12-03T10:11:12.345Z');
    expect(at.mapToDriverValue(when)).toBe(when.getTime());
    expect((at.mapFromDriverValue(String(when.getTime())) as Date).toISOString()).toBe(when.toISOString());
    const doc = pgColumns(derived.ok as PgTable).doc as PgColumn;
    expect(doc.mapToDriverValue({ b: 1, a: [2] })).toBe('{"b":1,"a":[2]}');
    expect(doc.mapFromDriverValue('{"b":1,"a":[2]}')).toEqual({ b: 1, a: [2] });

    const refuse = (table: SQLiteTable, what: RegExp) => {
      expect(() => {
        const d = derivePgSchema({ table }) as unknown as Record<string, PgTable>;
        getPgTableConfig(d.table as PgTable);
      }).toThrow(what);
      try {
        derivePgSchema({ table });
      } catch (err) {
        expect(err).toBeInstanceOf(UnmappedSchemaError);
      }
    };
    refuse(sqliteTable('t_blob_json', { v: blob('v', { mode: 'json' }) }), /t_blob_json\.v: column type SQLiteBlobJson/);
    refuse(sqliteTable('t_blob_bigint', { v: blob('v', { mode: 'bigint' }) }), /t_blob_bigint\.v: column type SQLiteBigInt/);
    refuse(sqliteTable('t_sql_default', { v: text('v').default(sql`(datetime('now'))`) }), /t_sql_default\.v: an SQL default expression/);
  });
});
