import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type AppDatabase } from '../db/client.js';
import { JobRunsRepository } from '../db/repositories/job-runs.repository.js';
import { silentLog } from '../services/context.js';
import { type ClaimedJob, JobClaims, slotPeriod, startPeriod } from './claims.js';
import { jobPeriodSecondsFromEnv } from './jobs.js';

const MINUTE = 60_000;

/** Two console processes' connections to one SQLite file (each its own better-sqlite3 connection). */
describe('job claims across connections to one database', () => {
  let dir: string;
  let a: AppDatabase;
  let b: AppDatabase;
  let now: Date;
  let nodeA: JobClaims;
  let nodeB: JobClaims;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'safefleet-claims-'));
    const file = join(dir, 'safefleet.db');
    a = openDatabase(file);
    b = openDatabase(file);
    now = new Date('2026-12-03T10:00:00.000Z');
    nodeA = new JobClaims({ db: a.db, log: silentLog, now: () => now }, 'host:1:aaaaaa');
    nodeB = new JobClaims({ db: b.db, log: silentLog, now: () => now }, 'host:2:bbbbbb');
  });
  afterEach(() => {
    a.close();
    b.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const runs = () =>
    a.sqlite.prepare('select job, period, node_id, outcome, finished_at, takeovers, summary_json from job_runs order by id').all() as Array<{
      job: string;
      period: string;
      node_id: string;
      outcome: string | null;
      finished_at: string | null;
      takeovers: number;
      summary_json: string | null;
    }>;
  const audits = () =>
    (
      a.sqlite.prepare("select actor, target, detail_json from audit_log where action = 'job.ran' order by id").all() as Array<{
        actor: string;
        target: string;
        detail_json: string;
      }>
    ).map((r) => ({ ...r, detail: JSON.parse(r.detail_json) as Record<string, unknown> }));

  /** A job whose runs wait until released, counting who ran it. */
  function gatedJob(name: string, scope: 'console' | 'node' = 'console') {
    const ran: string[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const make = (node: string): ClaimedJob => ({
      name,
      scope,
      leaseMs: 10 * MINUTE,
      run: async () => {
        ran.push(node);
        await gate;
        return { checked: 3, changed: 1 };
      },
    });
    return { ran, release: () => release(), forA: make('A'), forB: make('B') };
  }

  it('two processes race for one period: exactly one runs it, records it and audits it', async () => {
    const job = gatedJob('agent-checkin');
    const period = slotPeriod(new Date('2026-12-03T10:00:00.000Z'));
    expect(period).toBe('2026-12-03T10:00:00Z');
    // Both start at once; the winner's run is still going when the other tries.
    const both = Promise.all([nodeA.run(job.forA, period), nodeB.run(job.forB, period)]);
    await new Promise((r) => setTimeout(r, 20));
    job.release();
    const [ra, rb] = await both;
    expect([ra.ran, rb.ran].filter(Boolean)).toHaveLength(1);
    expect(job.ran).toHaveLength(1);
    const winner = ra.ran ? 'host:1:aaaaaa' : 'host:2:bbbbbb';
    expect(runs()).toEqual([
      expect.objectContaining({
        job: 'agent-checkin',
        period,
        node_id: winner,
        outcome: 'ok',
        takeovers: 0,
        summary_json: '{"checked":3,"changed":1}',
      }),
    ]);
    expect(runs()[0]!.finished_at).not.toBeNull();
    expect(audits()).toEqual([
      expect.objectContaining({
        actor: 'system',
        target: 'job:agent-checkin',
        detail: expect.objectContaining({
          job: 'agent-checkin',
          period,
          node: winner,
          outcome: 'ok',
          counts: { checked: 3, changed: 1 },
          scope: 'console',
        }),
      }),
    ]);

    // Later tries at the same period, from either process, do nothing; the next period runs again.
    job.release();
    expect((await nodeA.run(job.forA, period)).ran).toBe(false);
    expect((await nodeB.run(job.forB, period)).ran).toBe(false);
    const next = slotPeriod(new Date('2026-12-03T10:01:00.000Z'));
    const [na, nb] = await Promise.all([nodeB.run(job.forB, next), nodeA.run(job.forA, next)]);
    expect([na.ran, nb.ran].filter(Boolean)).toHaveLength(1);
    expect(runs().map((r) => r.period)).toEqual([period, next]);
    expect(audits()).toHaveLength(2);
  });

  it('many periods raced in alternating order: each runs once, and both processes win some', async () => {
    const ran: string[] = [];
    const job = (node: string): ClaimedJob => ({ name: 'exception-expiry', scope: 'console', leaseMs: MINUTE, run: () => void ran.push(node) });
    for (let i = 0; i < 40; i++) {
      const period = slotPeriod(new Date(Date.UTC(2026, 11, 3, 10, i)));
      const first = i % 3 === 0 ? nodeB : nodeA;
      const second = first === nodeA ? nodeB : nodeA;
      await Promise.all([first.run(job(first.nodeId), period), second.run(job(second.nodeId), period)]);
    }
    expect(ran).toHaveLength(40);
    const byNode = a.sqlite.prepare('select node_id, count(*) as n from job_runs group by node_id order by node_id').all();
    expect(byNode).toEqual([
      { node_id: 'host:1:aaaaaa', n: 26 },
      { node_id: 'host:2:bbbbbb', n: 14 },
    ]);
    const perPeriod = a.sqlite
      .prepare("select count(*) as n from audit_log where action = 'job.ran' group by json_extract(detail_json, '$.period') having n <> 1")
      .all();
    expect(perPeriod).toEqual([]);
  });

  it('a claim whose process died is taken over after its lease, once, and the late finisher is told it lost the claim', async () => {
    const job = gatedJob('retention');
    const period = startPeriod(now, 'day');
    expect(period).toBe('start:2026-12-03');
    // A claims and starts; its run never finishes (the process is stuck or dead).
    const stuck = nodeA.run(job.forA, period);
    await new Promise((r) => setTimeout(r, 10));
    expect(runs()).toEqual([expect.objectContaining({ node_id: 'host:1:aaaaaa', finished_at: null, outcome: null })]);

    // Within the lease nobody takes it over.
    now = new Date(now.getTime() + 9 * MINUTE);
    expect(await nodeB.sweep(new Map([[job.forB.name, job.forB]]))).toBe(0);

    // Past the lease, two sweepers race: exactly one takes it over and runs it again.
    now = new Date(now.getTime() + 2 * MINUTE);
    const jobsB = new Map([[job.forB.name, job.forB]]);
    const jobsA = new Map([[job.forA.name, job.forA]]);
    const sweeps = Promise.all([nodeB.sweep(jobsB), nodeA.sweep(jobsA)]);
    await new Promise((r) => setTimeout(r, 10));
    job.release();
    const taken = await sweeps;
    expect(taken[0]! + taken[1]!).toBe(1);
    const taker = taken[0] === 1 ? 'host:2:bbbbbb' : 'host:1:aaaaaa';
    const [row] = runs();
    expect(row).toEqual(expect.objectContaining({ node_id: taker, outcome: 'ok', takeovers: 1 }));
    expect(row!.finished_at).not.toBeNull();
    expect(audits().at(-1)!.detail).toEqual(
      expect.objectContaining({ job: 'retention', period, node: taker, outcome: 'ok', takenOverFrom: 'host:1:aaaaaa' }),
    );

    // The stuck run finally ends: its finish no longer matches the claim, and its audit row says so.
    const late = await stuck;
    expect(late).toEqual(expect.objectContaining({ ran: true, claimKept: false }));
    expect(runs()).toEqual([expect.objectContaining({ node_id: taker, takeovers: 1 })]);
    expect(audits().filter((x) => x.detail.claimLost === true)).toHaveLength(1);
    // Nothing is left to take over.
    now = new Date(now.getTime() + 60 * MINUTE);
    expect(await nodeB.sweep(jobsB)).toBe(0);
  });

  it('a node job runs on every process (its own connections); a dead one is closed, not run elsewhere', async () => {
    const job = gatedJob('credential-rotation', 'node');
    job.release();
    const period = '2026-12-03T04:53:00Z';
    const [ra, rb] = await Promise.all([nodeA.run(job.forA, period), nodeB.run(job.forB, period)]);
    expect([ra.ran, rb.ran]).toEqual([true, true]);
    expect(
      runs()
        .map((r) => r.period)
        .sort(),
    ).toEqual([`${period}@host:1:aaaaaa`, `${period}@host:2:bbbbbb`]);

    // A's next run is left unfinished (A died); B closes it as failed without running it.
    const hung: ClaimedJob = { name: 'credential-rotation', scope: 'node', leaseMs: MINUTE, run: () => new Promise(() => {}) };
    void nodeA.run(hung, '2026-12-04T04:53:00Z');
    await new Promise((r) => setTimeout(r, 10));
    now = new Date(now.getTime() + 2 * MINUTE);
    const before = job.ran.length;
    expect(await nodeB.sweep(new Map([[job.forB.name, job.forB]]))).toBe(1);
    expect(job.ran.length).toBe(before);
    expect(runs().at(-1)).toEqual(
      expect.objectContaining({ period: '2026-12-04T04:53:00Z@host:1:aaaaaa', node_id: 'host:2:bbbbbb', outcome: 'failed' }),
    );
    expect(audits().at(-1)!.detail).toEqual(expect.objectContaining({ outcome: 'failed', takenOverFrom: 'host:1:aaaaaa' }));
  });

  it('a job that throws is recorded as failed with its error', async () => {
    const job: ClaimedJob = {
      name: 'connectors-sync',
      scope: 'console',
      leaseMs: MINUTE,
      run: () => {
        throw new Error('the directory did not answer');
      },
    };
    expect(await nodeA.run(job, '2026-12-03T10:17:00Z')).toEqual({
      ran: true,
      outcome: 'failed',
      summary: { error: 'the directory did not answer' },
      claimKept: true,
    });
    expect(runs()).toEqual([expect.objectContaining({ outcome: 'failed', summary_json: '{"error":"the directory did not answer"}' })]);
    expect(audits()[0]!.detail).toEqual(expect.objectContaining({ outcome: 'failed', counts: { error: 'the directory did not answer' } }));
  });

  it('two takeovers of one dead claim read at the same time: the claim token lets one through', () => {
    const claim = { job: 'alert-ladder', period: '2026-12-03T10:15:00Z', nodeId: 'host:1:aaaaaa', claimToken: 't0', startedAt: now.toISOString() };
    expect(new JobRunsRepository(a.db).claim({ ...claim, leaseUntil: '2026-12-03T10:20:00.000Z' })).toBe(true);
    expect(new JobRunsRepository(b.db).claim({ ...claim, nodeId: 'host:2:bbbbbb', claimToken: 'x', leaseUntil: '2026-12-03T10:20:00.000Z' })).toBe(
      false,
    );
    const later = '2026-12-03T10:30:00.000Z';
    // Both read the expired row before either updates it.
    const [seenA] = new JobRunsRepository(a.db).expired(later, 10);
    const [seenB] = new JobRunsRepository(b.db).expired(later, 10);
    expect(seenA?.claimToken).toBe('t0');
    expect(seenB?.claimToken).toBe('t0');
    const next = (nodeId: string, claimToken: string) => ({ nodeId, claimToken, startedAt: later, leaseUntil: '2026-12-03T10:40:00.000Z' });
    expect(new JobRunsRepository(b.db).takeOver(seenB!.id, 't0', later, next('host:2:bbbbbb', 'tb'))).toBe(true);
    expect(new JobRunsRepository(a.db).takeOver(seenA!.id, 't0', later, next('host:1:aaaaaa', 'ta'))).toBe(false);
    // The dead node's token no longer finishes it; the taker's does.
    const done = { finishedAt: later, outcome: 'ok' as const, summaryJson: '{}' };
    expect(new JobRunsRepository(a.db).finish('alert-ladder', claim.period, 't0', done)).toBe(false);
    expect(new JobRunsRepository(b.db).finish('alert-ladder', claim.period, 'tb', done)).toBe(true);
    expect(runs()).toEqual([expect.objectContaining({ node_id: 'host:2:bbbbbb', takeovers: 1, outcome: 'ok' })]);
  });
});

describe('SAFEFLEET_JOB_PERIOD_SECONDS', () => {
  it('takes whole seconds that divide 60, nothing else', () => {
    expect(jobPeriodSecondsFromEnv(undefined)).toBeUndefined();
    expect(jobPeriodSecondsFromEnv(' ')).toBeUndefined();
    expect(jobPeriodSecondsFromEnv('2')).toBe(2);
    expect(jobPeriodSecondsFromEnv('30')).toBe(30);
    for (const bad of ['0', '7', '60', '1.5', 'x', '-2']) expect(() => jobPeriodSecondsFromEnv(bad)).toThrow(/divides 60/);
  });
});
