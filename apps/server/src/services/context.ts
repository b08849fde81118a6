import { type Db, sqliteOf } from '../db/client.js';
import { repositories, type Repositories } from '../db/repositories/index.js';
import type { ServerConfig } from '../config.js';
import type { ServerEvents } from './events.js';

/** The few log methods services use (pino/Fastify loggers fit). */
export interface Log {
  debug(obj: unknown, msg?: string): void;
  info(obj: unknown, msg?: string): void;
  warn(obj: unknown, msg?: string): void;
  error(obj: unknown, msg?: string): void;
}

export const silentLog: Log = { debug() {}, info() {}, warn() {}, error() {} };

/** What every service is built from. `now` is injectable so tests can move time. */
export interface ServiceContext {
  db: Db;
  config: ServerConfig;
  events: ServerEvents;
  log: Log;
  now: () => Date;
}

/** Runs `fn` in one IMMEDIATE SQLite transaction (commits on return, rolls back on throw). */
export function transaction<T>(db: Db, fn: (r: Repositories) => T): T {
  return db.transaction((tx) => fn(repositories(tx)), { behavior: 'immediate' });
}

/**
 * `transaction` for data derived from what is already stored and rebuilt at start (alert
 * reconciliation): commits without waiting for the disk (synchronous=NORMAL for this commit only;
 * WAL keeps it safe against a crash of the process, and the next FULL commit syncs it too). One
 * fsync per changed device in the event loop was what held agents' acks while 20,000 were connected.
 */
export function derivedTransaction<T>(db: Db, fn: (r: Repositories) => T): T {
  const sqlite = sqliteOf(db);
  if (sqlite.inTransaction) return transaction(db, fn);
  sqlite.pragma('synchronous = NORMAL');
  try {
    return transaction(db, fn);
  } finally {
    sqlite.pragma('synchronous = FULL');
  }
}

/** Repositories on the database itself, for reads outside a transaction. */
export function read(db: Db): Repositories {
  return repositories(db);
}
