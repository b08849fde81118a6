import { type Db, sqliteOf } from '../db/client.js';
import { consoleWide, repositories, type ConsoleWide, type Repositories } from '../db/repositories/index.js';
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

/**
 * What every service is built from. `now` is injectable so tests can move time. Services are built
 * once per organisation (services/index.ts `ServicesByOrganisation`): `organisationId` is the one
 * their repositories are bound to, and `events` emits and hears that organisation's events only.
 */
export interface ServiceContext {
  db: Db;
  organisationId: number;
  config: ServerConfig;
  events: ServerEvents;
  log: Log;
  now: () => Date;
}

/** The database and the organisation a transaction works in. */
export interface Scope {
  db: Db;
  organisationId: number;
}

/** Runs `fn` in one IMMEDIATE SQLite transaction (commits on return, rolls back on throw), with the scope's organisation's repositories. */
export function transaction<T>(scope: Scope, fn: (r: Repositories) => T): T {
  return scope.db.transaction((tx) => fn(repositories(tx, scope.organisationId)), { behavior: 'immediate' });
}

/** Console-wide work in one IMMEDIATE transaction (organisations, memberships, retention across organisations). */
export function consoleWideTransaction<T>(db: Db, fn: (r: ConsoleWide) => T): T {
  return db.transaction((tx) => fn(consoleWide(tx)), { behavior: 'immediate' });
}

/**
 * `transaction` for data derived from what is already stored and rebuilt at start (alert
 * reconciliation): commits without waiting for the disk (synchronous=NORMAL for this commit only;
 * WAL keeps it safe against a crash of the process, and the next FULL commit syncs it too). One
 * fsync per changed device in the event loop was what held agents' acks while 20,000 were connected.
 */
export function derivedTransaction<T>(scope: Scope, fn: (r: Repositories) => T): T {
  const sqlite = sqliteOf(scope.db);
  if (sqlite.inTransaction) return transaction(scope, fn);
  sqlite.pragma('synchronous = NORMAL');
  try {
    return transaction(scope, fn);
  } finally {
    sqlite.pragma('synchronous = FULL');
  }
}

/** The scope's organisation's repositories on the database itself, for reads outside a transaction. */
export function read(scope: Scope): Repositories {
  return repositories(scope.db, scope.organisationId);
}

/** Console-wide repositories on the database itself (see db/repositories consoleWide). */
export function readConsoleWide(db: Db): ConsoleWide {
  return consoleWide(db);
}
