// The 'organisations' migration (0012) on a console created by the migrations before it, with data
// in it (a real SQLite file): organisation 1 named from the settings, every row backfilled to it,
// memberships from users.role, fleet counts rebuilt per organisation and kept by the new triggers.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER, openDatabase } from './client.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A copy of the migrations folder holding only those before `tag`. */
function migrationsBefore(tag: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'safefleet-migrations-'));
  dirs.push(dir);
  cpSync(MIGRATIONS_FOLDER, dir, { recursive: true });
  const journalFile = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: Array<{ tag: string }> };
  const at = journal.entries.findIndex((e) => e.tag === tag);
  expect(at).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, at);
  writeFileSync(journalFile, JSON.stringify(journal));
  return dir;
}

describe("migration 'organisations'", () => {
  it('makes an existing console organisation 1 and backfills every row to it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'safefleet-orgs-migration-'));
    dirs.push(dir);
    const file = join(dir, 'safefleet.db');
    const old = new Database(file);
    old.pragma('foreign_keys = ON');
    migrate(drizzle({ client: old }), { migrationsFolder: migrationsBefore('0014_organisations') });
    const at = '2026-11-01T10:00:00.000Z';
    old.exec(`
      INSERT INTO users (email, role, password_hash, created_at) VALUES ('lead@example.org', 'admin', 'x', '${at}'), ('dsl@example.org', 'dsl', 'x', '${at}');
      INSERT INTO sessions (id, user_id, created_at, expires_at, last_seen_at) VALUES ('s1', 1, '${at}', '2099-01-01T00:00:00.000Z', '${at}');
      INSERT INTO organisation_settings (id, settings_json, updated_at, updated_by) VALUES (1, '{"name":"Riverside Youth Trust"}', '${at}', 'cli');
      INSERT INTO devices (id, hostname, platform, secret_hash, enrolled_at, status) VALUES ('d1', 'office-1', 'linux', 'h', '${at}', 'compliant'), ('d2', 'office-2', 'linux', 'h', '${at}', 'noncompliant');
      INSERT INTO findings (device_id, control, status, reason, resolution, updated_at) VALUES ('d1', 'disk-encryption', 'pass', 'r', 'r', '${at}'), ('d2', 'disk-encryption', 'fail', 'r', 'r', '${at}');
      INSERT INTO enrolment_tokens (token_hash, uses_left, expires_at, url, created_at, created_by) VALUES ('t', 1, '2099-01-01T00:00:00.000Z', 'http://127.0.0.1', '${at}', 'cli');
      INSERT INTO keeper_roles (name, name_key, created_at, updated_at) VALUES ('Youth worker', 'youth worker', '${at}', '${at}');
      INSERT INTO audit_log (at, actor, action) VALUES ('${at}', 'cli', 'user.created');
    `);
    old.close();

    const db = openDatabase(file);
    try {
      const one = <T>(q: string) => db.sqlite.prepare(q).get() as T;
      expect(one('SELECT id, name FROM organisations')).toEqual({ id: 1, name: 'Riverside Youth Trust' });
      expect(db.sqlite.prepare('SELECT user_id, organisation_id, role FROM organisation_memberships ORDER BY user_id').all()).toEqual([
        { user_id: 1, organisation_id: 1, role: 'admin' },
        { user_id: 2, organisation_id: 1, role: 'dsl' },
      ]);
      for (const table of ['devices', 'findings', 'sessions', 'enrolment_tokens', 'keeper_roles', 'audit_log']) {
        expect(one<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE organisation_id IS NOT 1`).n, table).toBe(0);
        expect(one<{ n: number }>(`SELECT count(*) AS n FROM ${table}`).n, table).toBeGreaterThan(0);
      }
      const counts = () =>
        db.sqlite.prepare("SELECT organisation_id, key, status, n FROM fleet_counts WHERE kind = 'status' AND n > 0 ORDER BY status").all();
      expect(counts()).toEqual([
        { organisation_id: 1, key: '', status: 'compliant', n: 1 },
        { organisation_id: 1, key: '', status: 'noncompliant', n: 1 },
      ]);
      // The rewritten triggers keep counts per organisation.
      db.sqlite.exec(`INSERT INTO organisations (name, created_at) VALUES ('Second', '${at}')`);
      db.sqlite.exec(
        `INSERT INTO devices (id, organisation_id, hostname, platform, secret_hash, enrolled_at, status) VALUES ('d3', 2, 'b-1', 'linux', 'h', '${at}', 'compliant')`,
      );
      db.sqlite.exec(
        `INSERT INTO findings (device_id, organisation_id, control, status, reason, resolution, updated_at) VALUES ('d3', 2, 'disk-encryption', 'pass', 'r', 'r', '${at}')`,
      );
      expect(
        db.sqlite
          .prepare("SELECT organisation_id, status, n FROM fleet_counts WHERE kind = 'status' AND n > 0 ORDER BY organisation_id, status")
          .all(),
      ).toEqual([
        { organisation_id: 1, status: 'compliant', n: 1 },
        { organisation_id: 1, status: 'noncompliant', n: 1 },
        { organisation_id: 2, status: 'compliant', n: 1 },
      ]);
      expect(
        db.sqlite
          .prepare("SELECT organisation_id, key, status, n FROM fleet_counts WHERE kind = 'kind-control' AND n > 0 ORDER BY organisation_id, status")
          .all(),
      ).toEqual([
        { organisation_id: 1, key: 'laptop:disk-encryption', status: 'fail', n: 1 },
        { organisation_id: 1, key: 'laptop:disk-encryption', status: 'pass', n: 1 },
        { organisation_id: 2, key: 'laptop:disk-encryption', status: 'pass', n: 1 },
      ]);
      // Still append-only.
      expect(() => db.sqlite.exec('UPDATE audit_log SET actor = actor')).toThrow(/append-only/);
    } finally {
      db.close();
    }
  });

  it('names organisation 1 "My organisation" on a console without settings', () => {
    const db = openDatabase(':memory:');
    try {
      expect(db.sqlite.prepare('SELECT id, name FROM organisations').all()).toEqual([{ id: 1, name: 'My organisation' }]);
    } finally {
      db.close();
    }
  });
});
