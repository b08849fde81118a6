import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.js';
import { openDatabase, type AppDatabase } from '../db/client.js';
import { createTestServer, type TestServer } from '../test-support/harness.js';
import { until } from '../test-support/mail-catcher.js';
import { startScheduler, type Scheduler } from './scheduler.js';

const CONSOLE_JOBS = [
  'agent-checkin',
  'exception-expiry',
  'alert-ladder',
  'password-prompts',
  'quarterly-reminder',
  'connectors-sync',
  'retention',
  'trustees-report',
  'security-review-reminder',
  'alert-digest',
];

interface JobRan {
  at: string;
  job: string;
  period: string;
  node: string;
  outcome: string;
}

/** The real scheduler (node-cron timers) with SAFEFLEET_JOB_PERIOD_SECONDS' short periods. */
describe('scheduler with short periods', () => {
  let t: TestServer | undefined;
  let scheduler: Scheduler | undefined;
  let other: { app: FastifyInstance; db: AppDatabase } | undefined;
  afterEach(async () => {
    await scheduler?.stop();
    scheduler = undefined;
    await other?.app.close();
    other?.db.close();
    other = undefined;
    await t?.close();
  });

  const runs = (): JobRan[] =>
    (
      t!.database.sqlite.prepare("select at, detail_json from audit_log where action = 'job.ran' order by id").all() as Array<{
        at: string;
        detail_json: string;
      }>
    ).map((r) => ({ at: r.at, ...(JSON.parse(r.detail_json) as Omit<JobRan, 'at'>) }));

  it('one console runs every job once in each period, on time', async () => {
    t = await createTestServer();
    t.app.services.notificationSettings.update({ digest: { enabled: true, time: '08:00' } }, 'test');
    scheduler = startScheduler(t.app.services, '* * * * *', { periodSeconds: 2, nodeId: 'solo' });
    expect(scheduler.nodeId).toBe('solo');
    await until('four periods of agent-checkin', async () => runs().filter((r) => r.job === 'agent-checkin').length >= 4, 30_000);
    await scheduler.stop();
    scheduler = undefined;

    const rows = runs();
    expect(rows.filter((r) => r.outcome !== 'ok')).toEqual([]);
    expect(new Set(rows.map((r) => r.node))).toEqual(new Set(['solo']));
    const checkin = rows.filter((r) => r.job === 'agent-checkin').map((r) => Date.parse(r.period));
    // Periods two seconds apart, none skipped; every other job ran in each of them too.
    for (let i = 1; i < checkin.length; i++) expect(checkin[i]! - checkin[i - 1]!).toBe(2_000);
    const window = checkin.slice(0, -1).map((ms) => `${new Date(ms).toISOString().slice(0, 19)}Z`);
    for (const job of CONSOLE_JOBS) {
      const periods = rows.filter((r) => r.job === job).map((r) => r.period);
      expect(new Set(periods).size, job).toBe(periods.length);
      expect(
        window.filter((p) => !periods.includes(p)),
        job,
      ).toEqual([]);
    }
    expect(window.filter((p) => !rows.some((r) => r.job === 'credential-rotation' && r.period === `${p}@solo`))).toEqual([]);
    // On time: each run finished within two seconds of its slot (jitter is at most half a second here).
    const late = rows.filter((r) => !r.period.startsWith('start:')).filter((r) => Date.parse(r.at) - Date.parse(r.period.replace(/@.*/, '')) > 2_000);
    expect(late).toEqual([]);
    // The runs at start, once each.
    expect(
      rows
        .filter((r) => r.period.startsWith('start:'))
        .map((r) => r.job)
        .sort(),
    ).toEqual(['retention', 'security-review-reminder', 'trustees-report']);
    // job_runs holds the same runs, all finished.
    expect(t.database.sqlite.prepare('select count(*) as n, count(finished_at) as f from job_runs').get()).toEqual({
      n: rows.length,
      f: rows.length,
    });
  });

  it('a digest switched off through another console stops running in this one', async () => {
    t = await createTestServer();
    t.app.services.notificationSettings.update({ digest: { enabled: true, time: '08:00' } }, 'test');
    const db = openDatabase(t.database.file);
    const app = await buildApp({ db, config: t.app.services.ctx.config });
    other = { app, db };
    await app.ready();
    scheduler = startScheduler(t.app.services, '* * * * *', { periodSeconds: 1, nodeId: 'one' });
    const digests = () => runs().filter((r) => r.job === 'alert-digest').length;
    await until('two digest runs', async () => digests() >= 2, 20_000);

    // The other console saves the change: this one is not told, and reads it at its next run.
    app.services.notificationSettings.update({ digest: { enabled: false, time: '08:00' } }, 'test');
    await new Promise((r) => setTimeout(r, 2_500));
    const after = digests();
    await new Promise((r) => setTimeout(r, 2_500));
    expect(digests()).toBe(after);
    // The other jobs went on.
    expect(runs().filter((r) => r.job === 'agent-checkin').length).toBeGreaterThan(4);
  });
});
