import { fileURLToPath } from 'node:url';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { pgSchema } from './schema.js';

export type PgSchema = typeof pgSchema;
export type PgDb = NodePgDatabase<PgSchema>;

/** The committed PostgreSQL migrations (drizzle-pg/, `npm run db:generate:pg`); src/db/pg or dist/db/pg → package root. */
export const PG_MIGRATIONS_FOLDER = fileURLToPath(new URL('../../../drizzle-pg', import.meta.url));

export interface PgDatabase {
  db: PgDb;
  pool: pg.Pool;
  url: string;
  close(): Promise<void>;
}

/** The URL with any password replaced by ***, for messages and logs. */
export function redactUrl(value: string): string {
  try {
    const u = new URL(value);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return value.replace(/\/\/[^@/]*@/, '//***@');
  }
}

/** A connection pool on a PostgreSQL database and drizzle over it (no migrations applied: see migratePg). */
export function openPgDatabase(url: string, options: { max?: number } = {}): PgDatabase {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 4 });
  // An idle client's error (the server restarted) would otherwise be an unhandled 'error' event.
  pool.on('error', () => {});
  const db = drizzle({ client: pool, schema: pgSchema });
  let closed = false;
  return {
    db,
    pool,
    url,
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

/** Applies the pending PostgreSQL migrations (drizzle's migrator: its journal is drizzle.__drizzle_migrations). */
export async function migratePg(db: PgDb): Promise<void> {
  await migrate(db, { migrationsFolder: PG_MIGRATIONS_FOLDER });
}
