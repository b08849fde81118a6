import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migratePg, openPgDatabase, type PgDatabase } from '../db/pg/client.js';
import { alertDeliveries, jobRuns } from '../db/pg/schema.js';
import { startTestCluster, type TestCluster } from '../db/pg/test-cluster.js';

/**
 * The statements of JobRunsRepository (claim, takeOver, claimDeliveryAttempt), built with the same
 * drizzle calls on the PostgreSQL tables derived from the SQLite schema, raced by many connections
 * at once on a real PostgreSQL server: the unique index and the guarded UPDATEs let exactly one
 * through, with no advisory lock. (PostgreSQL runs them truly in parallel; SQLite serialises writers.)
 */
let cluster: TestCluster;
let database: PgDatabase;
const RACERS = 8;

beforeAll(async () => {
  cluster = await startTestCluster();
  database = openPgDatabase(await cluster.createDatabase('claims'), { max: RACERS });
  await migratePg(database.db);
});

afterAll(async () => {
  await database?.close();
  await cluster?.stop();
});

const claim = (period: string, node: number) =>
  database.db
    .insert(jobRuns)
    .values({
      job: 'agent-checkin',
      period,
      nodeId: `node-${node}`,
      claimToken: `token-${node}`,
      startedAt: '2026-12-03T10:00:00.000Z',
      leaseUntil: '2026-12-03T10:10:00.000Z',
    })
    .onConflictDoNothing();

describe('job claims on PostgreSQL', () => {
  it('connections racing for the same periods: exactly one claim per period succeeds', async () => {
    const periods = Array.from({ length: 25 }, (_, i) => `2026-12-03T10:${String(i).padStart(2, '0')}:00Z`);
    const winners = new Map<string, number[]>();
    await Promise.all(
      periods.flatMap((period) =>
        Array.from({ length: RACERS }, async (_, node) => {
          const r = await claim(period, node);
          if (r.rowCount === 1) winners.set(period, [...(winners.get(period) ?? []), node]);
        }),
      ),
    );
    expect(periods.filter((p) => winners.get(p)?.length !== 1)).toEqual([]);
    const rows = await database.pool.query<{ n: string }>('SELECT count(*) AS n FROM job_runs');
    expect(rows.rows[0]?.n).toBe('25');
  });

  it('connections racing to take over one dead claim: exactly one succeeds', async () => {
    const period = '2026-12-03T11:00:00Z';
    expect((await claim(period, 0)).rowCount).toBe(1);
    const now = '2026-12-03T10:30:00.000Z';
    const results = await Promise.all(
      Array.from({ length: RACERS }, (_, node) =>
        database.db
          .update(jobRuns)
          .set({
            nodeId: `taker-${node}`,
            claimToken: `taken-${node}`,
            startedAt: now,
            leaseUntil: '2026-12-03T10:40:00.000Z',
            takeovers: sql`${jobRuns.takeovers} + 1`,
          })
          .where(
            and(
              eq(jobRuns.job, 'agent-checkin'),
              eq(jobRuns.period, period),
              eq(jobRuns.claimToken, 'token-0'),
              isNull(jobRuns.finishedAt),
              lt(jobRuns.leaseUntil, now),
            ),
          ),
      ),
    );
    expect(results.filter((r) => r.rowCount === 1)).toHaveLength(1);
    const row = await database.pool.query<{ takeovers: string; node_id: string }>('SELECT takeovers, node_id FROM job_runs WHERE period = $1', [
      period,
    ]);
    expect(row.rows[0]?.takeovers).toBe('1');
    expect(row.rows[0]?.node_id).toMatch(/^taker-\d$/);
  });

  it('connections racing for one delivery attempt: exactly one moves it on', async () => {
    const due = '2026-12-03T10:00:00.000Z';
    const [row] = await database.db
      .insert(alertDeliveries)
      .values({
        organisationId: 1,
        kind: 'test',
        channel: 'email',
        destination: 'dsl@example.org',
        subject: 'Safefleet test email',
        payloadJson: '{}',
        status: 'pending',
        attempts: 0,
        nextAttemptAt: due,
        createdAt: due,
        dedupeKey: 'test:race',
      })
      .returning({ id: alertDeliveries.id });
    const results = await Promise.all(
      Array.from({ length: RACERS }, () =>
        database.db
          .update(alertDeliveries)
          .set({ nextAttemptAt: '2026-12-03T10:05:00.000Z' })
          .where(and(eq(alertDeliveries.id, row!.id), eq(alertDeliveries.status, 'pending'), eq(alertDeliveries.nextAttemptAt, due))),
      ),
    );
    expect(results.filter((r) => r.rowCount === 1)).toHaveLength(1);
  });
});
