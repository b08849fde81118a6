import type Database from 'better-sqlite3';
import { is, SQL } from 'drizzle-orm';
import { getTableConfig, PgDialect, type PgTable } from 'drizzle-orm/pg-core';
import type pg from 'pg';

/**
 * The shape of a database, table by table, in one comparable form: read from a live PostgreSQL
 * database (its catalogue), from a live SQLite database (its pragmas), or from drizzle pg tables.
 * Tests compare them (migrations against the derived schema, and PostgreSQL against SQLite);
 * the migrate command checks its target with it before copying anything.
 */
export interface ColumnShape {
  type: string;
  notNull: boolean;
  /** The default as SQL text without casts ('x', 0, true), or null. */
  default: string | null;
  /** Assigned by the database when an insert omits it (PostgreSQL identity; SQLite INTEGER PRIMARY KEY). */
  generated: boolean;
}
export interface IndexShape {
  unique: boolean;
  columns: string[];
  where: string | null;
}
export interface TableShape {
  columns: Record<string, ColumnShape>;
  primaryKey: string[];
  /** "col,col -> table(col,col) on delete X on update Y", sorted. */
  foreignKeys: string[];
  /** Every index but the primary key's, unique constraints included, by name. */
  indexes: Record<string, IndexShape>;
}
export type DbShape = Record<string, TableShape>;

/** JSON with object keys sorted at every level (column and index order do not matter; array order does). */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

/** Drops type casts, outer brackets and extra spaces: `(status = 'open'::text)` → `status = 'open'`. */
export function normaliseSql(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  let s = text
    .replace(/::[a-z ]+(\[\])?/gi, '')
    .replace(/\s+/g, ' ')
    .trim();
  while (s.startsWith('(') && s.endsWith(')')) s = s.slice(1, -1).trim();
  return s.replace(/[`"]/g, '');
}

function fkText(columns: string[], table: string, foreign: string[], onDelete: string, onUpdate: string): string {
  return `${columns.join(',')} -> ${table}(${foreign.join(',')}) on delete ${onDelete.toLowerCase()} on update ${onUpdate.toLowerCase()}`;
}

function emptyTable(): TableShape {
  return { columns: {}, primaryKey: [], foreignKeys: [], indexes: {} };
}

const PG_ACTIONS: Record<string, string> = { a: 'no action', r: 'restrict', c: 'cascade', n: 'set null', d: 'set default' };

/** The public schema of a live PostgreSQL database (drizzle's own journal schema is not included). */
export async function pgShape(client: pg.Pool | pg.Client | pg.PoolClient): Promise<DbShape> {
  const shape: DbShape = {};
  const table = (name: string) => {
    shape[name] ??= emptyTable();
    return shape[name];
  };
  const tables = await client.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
  );
  for (const r of tables.rows) table(r.table_name);
  const cols = await client.query<{
    table_name: string;
    column_name: string;
    data_type: string;
    is_nullable: string;
    column_default: string | null;
    is_identity: string;
  }>(
    `SELECT table_name, column_name, data_type, is_nullable, column_default, is_identity
       FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
  );
  for (const c of cols.rows) {
    table(c.table_name).columns[c.column_name] = {
      type: c.data_type,
      notNull: c.is_nullable === 'NO',
      default: normaliseSql(c.column_default),
      generated: c.is_identity === 'YES' || /^nextval\(/.test(c.column_default ?? ''),
    };
  }
  const idx = await client.query<{
    table_name: string;
    index_name: string;
    is_unique: boolean;
    is_primary: boolean;
    columns: string[];
    predicate: string | null;
  }>(
    `SELECT t.relname AS table_name, i.relname AS index_name, x.indisunique AS is_unique, x.indisprimary AS is_primary,
            ARRAY(SELECT a.attname FROM unnest(x.indkey) WITH ORDINALITY k(attnum, ord)
                  JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns,
            pg_get_expr(x.indpred, x.indrelid) AS predicate
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = 'public'`,
  );
  for (const r of idx.rows) {
    if (r.is_primary) table(r.table_name).primaryKey = r.columns;
    else table(r.table_name).indexes[r.index_name] = { unique: r.is_unique, columns: r.columns, where: normaliseSql(r.predicate) };
  }
  const fks = await client.query<{
    table_name: string;
    foreign_table: string;
    columns: string[];
    foreign_columns: string[];
    on_delete: string;
    on_update: string;
  }>(
    `SELECT t.relname AS table_name, f.relname AS foreign_table,
            ARRAY(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(attnum, ord)
                  JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns,
            ARRAY(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY k(attnum, ord)
                  JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS foreign_columns,
            c.confdeltype AS on_delete, c.confupdtype AS on_update
       FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class f ON f.oid = c.confrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace WHERE c.contype = 'f' AND n.nspname = 'public'`,
  );
  for (const r of fks.rows) {
    table(r.table_name).foreignKeys.push(
      fkText(r.columns, r.foreign_table, r.foreign_columns, PG_ACTIONS[r.on_delete] ?? r.on_delete, PG_ACTIONS[r.on_update] ?? r.on_update),
    );
  }
  for (const t of Object.values(shape)) t.foreignKeys.sort();
  return shape;
}

/** The tables of a live SQLite database (drizzle's journal and SQLite's own tables left out). */
export function sqliteShape(sqlite: Database.Database): DbShape {
  const shape: DbShape = {};
  const names = sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name")
    .all() as { name: string }[];
  for (const { name } of names) {
    const t = emptyTable();
    const info = sqlite.prepare('SELECT * FROM pragma_table_info(?)').all(name) as {
      name: string;
      type: string;
      notnull: number;
      dflt_value: string | null;
      pk: number;
    }[];
    const pk = info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
    t.primaryKey = pk.map((c) => c.name);
    const rowid = pk.length === 1 && pk[0]?.type.toUpperCase() === 'INTEGER';
    for (const c of info) {
      t.columns[c.name] = {
        type: c.type.toLowerCase(),
        // A primary key column is NOT NULL in PostgreSQL always; SQLite only says so when declared.
        notNull: c.notnull === 1 || c.pk > 0,
        default: normaliseSql(c.dflt_value),
        generated: rowid && c.pk > 0,
      };
    }
    const indexes = sqlite.prepare('SELECT * FROM pragma_index_list(?)').all(name) as {
      name: string;
      unique: number;
      origin: string;
      partial: number;
    }[];
    for (const ix of indexes) {
      if (ix.origin === 'pk') continue;
      const columns = (sqlite.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno').all(ix.name) as { name: string }[]).map((c) => c.name);
      let where: string | null = null;
      if (ix.partial) {
        const sql = (sqlite.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?").get(ix.name) as { sql: string }).sql;
        where = normaliseSql(sql.slice(sql.search(/\bWHERE\b/i) + 5));
      }
      t.indexes[ix.name] = { unique: ix.unique === 1, columns, where };
    }
    const fks = sqlite.prepare('SELECT * FROM pragma_foreign_key_list(?) ORDER BY id, seq').all(name) as {
      id: number;
      table: string;
      from: string;
      to: string;
      on_delete: string;
      on_update: string;
    }[];
    const byId = new Map<number, typeof fks>();
    for (const fk of fks) byId.set(fk.id, [...(byId.get(fk.id) ?? []), fk]);
    for (const group of byId.values()) {
      const first = group[0];
      if (!first) continue;
      t.foreignKeys.push(
        fkText(
          group.map((g) => g.from),
          first.table,
          group.map((g) => g.to),
          first.on_delete,
          first.on_update,
        ),
      );
    }
    t.foreignKeys.sort();
    shape[name] = t;
  }
  return shape;
}

function literal(value: unknown): string {
  if (typeof value === 'string') return `'${value.replace(/'/g, "''")}'`;
  return String(value);
}

/** What drizzle-kit should have created for these pg tables. */
export function drizzleShape(tables: PgTable[]): DbShape {
  const dialect = new PgDialect();
  const shape: DbShape = {};
  for (const table of tables) {
    const c = getTableConfig(table);
    const t = emptyTable();
    for (const col of c.columns) {
      t.columns[col.name] = {
        type: col.getSQLType(),
        notNull: col.notNull || col.primary,
        default: col.default === undefined || is(col.default, SQL) ? null : literal(col.default),
        generated: col.generatedIdentity !== undefined,
      };
      if (col.primary) t.primaryKey = [col.name];
      if (col.isUnique) t.indexes[col.uniqueName ?? `${c.name}_${col.name}_unique`] = { unique: true, columns: [col.name], where: null };
    }
    for (const pk of c.primaryKeys) t.primaryKey = pk.columns.map((x) => x.name);
    for (const u of c.uniqueConstraints)
      t.indexes[u.getName() ?? `${c.name}_${u.columns.map((x) => x.name).join('_')}_unique`] = {
        unique: true,
        columns: u.columns.map((x) => x.name),
        where: null,
      };
    for (const ix of c.indexes) {
      t.indexes[ix.config.name ?? ''] = {
        unique: ix.config.unique,
        columns: ix.config.columns.map((x) => (x as { name: string }).name),
        where: ix.config.where ? normaliseSql(dialect.sqlToQuery(ix.config.where).sql) : null,
      };
    }
    for (const fk of c.foreignKeys) {
      const r = fk.reference();
      t.foreignKeys.push(
        fkText(
          r.columns.map((x) => x.name),
          getTableConfig(r.foreignTable).name,
          r.foreignColumns.map((x) => x.name),
          fk.onDelete ?? 'no action',
          fk.onUpdate ?? 'no action',
        ),
      );
    }
    t.foreignKeys.sort();
    shape[c.name] = t;
  }
  return shape;
}
