import type { Executor } from './client.js';

/**
 * Prepared queries, built once per SQLite connection and reused for every call (drizzle's
 * `.prepare()`: the SQL text is built once and SQLite compiles it once). A transaction runs on the
 * same connection and session as its database, so a query prepared on either serves both.
 * Repositories use this for their hot paths (ingest, agent auth, check-in, summary).
 */
const cache = new WeakMap<object, Map<string, unknown>>();

function connectionOf(executor: Executor): object {
  // Both the database and its transactions carry the same session; its better-sqlite3 client is the connection.
  const session = (executor as unknown as { session?: { client?: object } }).session;
  return session?.client ?? session ?? executor;
}

/** The query `build` returns, prepared once per connection under `key`. */
export function prepared<T>(executor: Executor, key: string, build: (db: Executor) => T): T {
  const conn = connectionOf(executor);
  let map = cache.get(conn);
  if (!map) {
    map = new Map();
    cache.set(conn, map);
  }
  let q = map.get(key) as T | undefined;
  if (q === undefined) {
    q = build(executor);
    map.set(key, q);
  }
  return q;
}
