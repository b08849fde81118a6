// `safefleet-server demo`: the seeding runs against a real SQLite file in its own folder and the
// console then shows a living fleet (40 devices and tablets, 90 days of history, concerns in
// several states, at least one awaiting triage). The replay bundles are the agent's own.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseFile, resolveConfig } from '../config.js';
import { DEMO_DAYS, laptopStories, loadBundleFacts } from './demo-fleet.js';
import { demoState, seedDemo } from './demo.seed.js';

const BUNDLES = fileURLToPath(new URL('../../../agent/test-bundles', import.meta.url));

describe('demo seeding (real SQLite, the agent replay bundles)', () => {
  let dir: string;
  let db: Database.Database;
  const now = new Date('2026-11-30T12:00:00Z');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'safefleet-demo-'));
    const result = await seedDemo(resolveConfig({ dataDir: dir, port: 0 }), BUNDLES, now);
    expect(result.devices).toBe(40);
    db = new Database(databaseFile(dir), { readonly: true });
  }, 240_000);
  afterAll(() => {
    db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const all = <T>(q: string) => db.prepare(q).all() as T[];
  const one = <T>(q: string) => db.prepare(q).get() as T;

  it('40 devices: Windows, Mac and Linux laptops from every bundle, and keeper-checked tablets', () => {
    const kinds = all<{ platform: string; source_type: string; n: number }>(
      'select platform, source_type, count(*) n from devices where revoked_at is null group by platform, source_type order by platform',
    );
    expect(kinds.reduce((n, k) => n + k.n, 0)).toBe(40);
    const platforms = new Set(kinds.map((k) => k.platform));
    for (const p of ['win32', 'darwin', 'linux']) expect(platforms).toContain(p);
    expect(kinds.filter((k) => k.source_type === 'keeper').reduce((n, k) => n + k.n, 0)).toBe(6);
    expect(one<{ n: number }>("select count(*) n from devices where keeper_name is null or keeper_name = ''").n).toBe(0);
    const bundles = new Set(laptopStories(loadBundleFacts(BUNDLES)).map((s) => s.bundle));
    expect(bundles.size).toBe(loadBundleFacts(BUNDLES).length);
  });

  it('history spans the 90 days: daily snapshots and status changes from the first day to the last', () => {
    const span = one<{ first: string; last: string; days: number }>(
      'select min(day) first, max(day) last, count(distinct day) days from daily_snapshots',
    );
    expect(span.days).toBe(DEMO_DAYS + 1);
    expect((Date.parse(span.last) - Date.parse(span.first)) / 86_400_000).toBe(DEMO_DAYS);
    expect(span.last).toBe('2026-11-30');
    expect(one<{ n: number }>('select count(*) n from status_changes').n).toBeGreaterThan(40);
    // A device that went silent is Stale; others are a mix, not all one colour.
    const statuses = new Set(all<{ status: string }>('select status from devices').map((r) => r.status));
    for (const st of ['compliant', 'noncompliant', 'stale']) expect(statuses).toContain(st);
  });

  it('alerts, concerns in several states (at least one awaiting triage), exceptions, all audited', () => {
    expect(one<{ n: number }>('select count(*) n from alerts').n).toBeGreaterThan(5);
    expect(one<{ n: number }>("select count(*) n from alerts where status = 'resolved'").n).toBeGreaterThan(0);
    const states = Object.fromEntries(
      all<{ status: string; n: number }>('select status, count(*) n from concerns group by status').map((r) => [r.status, r.n]),
    );
    expect(states['to-triage']).toBeGreaterThanOrEqual(1);
    expect(states.closed).toBeGreaterThanOrEqual(2);
    expect(Object.keys(states).length).toBeGreaterThanOrEqual(3);
    expect(one<{ n: number }>('select count(*) n from policy_exceptions').n).toBeGreaterThanOrEqual(1);
    expect(one<{ n: number }>("select count(*) n from audit_log where action = 'concern.triaged'").n).toBeGreaterThanOrEqual(3);
  });

  it('the demo folder is its own: a folder holding a real console is refused, a seeded one is reused', () => {
    expect(demoState(dir)).toBe('seeded');
    const other = mkdtempSync(join(tmpdir(), 'safefleet-real-'));
    try {
      writeFileSync(databaseFile(other), '');
      expect(() => demoState(other)).toThrow(/not the demo/);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
