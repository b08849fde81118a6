import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type { RunResult } from 'better-sqlite3';
import * as schema from './schema/index.js';

export type Schema = typeof schema;
export type Db = BetterSQLite3Database<Schema>;
/** The database or an open transaction: what repositories run their queries on. */
export type Executor = BaseSQLiteDatabase<'sync', RunResult, Schema>;

/** The better-sqlite3 connection under a drizzle database (drizzle's `$client`, not on its exported type). */
export function sqliteOf(db: Db): Database.Database {
  return (db as Db & { $client: Database.Database }).$client;
}

export interface AppDatabase {
  db: Db;
  sqlite: Database.Database;
  file: string;
  close(): void;
}

/**
 * The committed migrations folder. This file lives at src/db/client.ts or dist/db/client.js,
 * so the package root is two levels up either way.
 */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle', import.meta.url));

/** The database and its -wal/-shm files: readable by the console's own user only. */
export function restrictDatabaseFiles(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) {
    if (existsSync(f)) chmodSync(f, 0o600);
  }
}

/**
 * Opens (creating if needed) the SQLite file, sets pragmas and applies pending migrations.
 * The folder is made 0700 and the files 0600: the safeguarding log is for the console alone.
 */
export function openDatabase(file: string): AppDatabase {
  if (file !== ':memory:') {
    const dir = dirname(file);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
    // Created 0600 before SQLite opens it; SQLite gives -wal and -shm the database file's mode.
    if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
    restrictDatabaseFiles(file);
  }
  const sqlite = new Database(file);
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    // FULL: each commit is synced to disk before it returns, so an ack (sent after the commit) survives
    // a power cut too; NORMAL in WAL mode may lose the last commits then. Cost: docs/performance.md.
    sqlite.pragma('synchronous = FULL');
    // Temporary files (statement journals of a group commit's savepoints, sorts) stay in memory: with
    // 20,000 agent sockets the process is at its file limit, and a temp file SQLite cannot open fails
    // the whole batch.
    sqlite.pragma('temp_store = MEMORY');
    const db = drizzle({ client: sqlite, schema });
    migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    if (file !== ':memory:') restrictDatabaseFiles(file);
    let closed = false;
    return {
      db,
      sqlite,
      file,
      close() {
        if (closed) return;
        closed = true;
        sqlite.close();
      },
    };
  } catch (err) {
    sqlite.close();
    throw err;
  }
}
