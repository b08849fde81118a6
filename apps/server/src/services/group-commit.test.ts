import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AppDatabase, openDatabase, sqliteOf } from '../db/client.js';
import { GroupCommit } from './group-commit.js';

describe('GroupCommit', () => {
  let dir: string;
  let app: AppDatabase;
  let other: Database.Database;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'safefleet-group-'));
    app = openDatabase(join(dir, 'db.sqlite'));
    app.sqlite.exec('CREATE TABLE t (v INTEGER PRIMARY KEY)');
    // A second connection sees only what is committed.
    other = new Database(join(dir, 'db.sqlite'), { readonly: true });
  });
  afterEach(() => {
    other.close();
    app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const insert = (v: number) => () => sqliteOf(app.db).prepare('INSERT INTO t (v) VALUES (?)').run(v).changes;
  const committed = () => (other.prepare('SELECT v FROM t ORDER BY v').all() as { v: number }[]).map((r) => r.v);

  it('commits writes that arrive within the window in one transaction and settles each only after the commit', async () => {
    const group = new GroupCommit(app.db, 20);
    const seenAtResolve: number[][] = [];
    const writes = [1, 2, 3, 4, 5].map((v) =>
      group.run(1, insert(v)).then((changes) => {
        seenAtResolve.push(committed());
        return changes;
      }),
    );
    expect(committed()).toEqual([]); // nothing runs before the window closes
    expect(await Promise.all(writes)).toEqual([1, 1, 1, 1, 1]);
    expect(group.stats).toEqual({ batches: 1, writes: 5, largest: 5 });
    // Every promise resolved after all five were visible to another connection (on disk).
    for (const seen of seenAtResolve) expect(seen).toEqual([1, 2, 3, 4, 5]);
  });

  it('rolls back only the write that threw; the others of its batch commit', async () => {
    const group = new GroupCommit(app.db, 20);
    const a = group.run(1, insert(1));
    const bad = group.run(1, () => {
      insert(2)();
      throw new Error('refused');
    });
    const dup = group.run(1, insert(1)); // primary key clash: SQLite refuses it
    const c = group.run(1, insert(3));
    await expect(a).resolves.toBe(1);
    await expect(bad).rejects.toThrow('refused');
    await expect(dup).rejects.toThrow(/UNIQUE/);
    await expect(c).resolves.toBe(1);
    expect(committed()).toEqual([1, 3]);
    expect(group.stats.batches).toBe(1);
  });

  it('commits at once when the batch is full, and rejects every write when the commit fails', async () => {
    const group = new GroupCommit(app.db, 60_000, 3);
    const full = [1, 2, 3].map((v) => group.run(1, insert(v)));
    expect(await Promise.all(full)).toEqual([1, 1, 1]); // did not wait 60 s
    // Another connection holds the write lock: BEGIN IMMEDIATE fails, so no write is acked.
    const locker = new Database(join(dir, 'db.sqlite'));
    locker.pragma('busy_timeout = 0');
    app.sqlite.pragma('busy_timeout = 0');
    locker.exec('BEGIN IMMEDIATE');
    const blocked = [4, 5].map((v) => group.run(1, insert(v)));
    group.flush();
    for (const p of blocked) await expect(p).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    locker.exec('ROLLBACK');
    locker.close();
    expect(committed()).toEqual([1, 2, 3]);
  });
});
