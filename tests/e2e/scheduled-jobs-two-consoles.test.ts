// Issue 13: two real console processes (`safefleet-server start`, each on its own port) share one
// data folder and SQLite file. With SAFEFLEET_JOB_PERIOD_SECONDS every scheduled job runs every few
// seconds; afterwards the audit log shows each job ran exactly once per period, split between the
// two processes, and each node job (credential rotation: a process's own connections) once per
// process per period.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { ConsoleProcess } from '../support/console.js';
import { freePort, removeTempDirs, stopAll, tempDir, until } from '../support/processes.js';

afterAll(async () => {
  await stopAll();
  removeTempDirs();
});

const PERIOD_S = 2;
/** Jobs every console runs once per period across processes (alert-digest only when the digest is on). */
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
];

interface JobRan {
  at: string;
  job: string;
  period: string;
  node: string;
  outcome: string;
  scope: string;
}

function slotsBetween(fromMs: number, toMs: number): string[] {
  const out: string[] = [];
  const step = PERIOD_S * 1000;
  for (let t = Math.ceil(fromMs / step) * step; t <= toMs; t += step) out.push(`${new Date(t).toISOString().slice(0, 19)}Z`);
  return out;
}

describe('scheduled jobs with two console processes on one database', () => {
  it('each job runs exactly once per period, and both processes run some', async () => {
    const dir = tempDir('safefleet-two-consoles-');
    const env = { SAFEFLEET_JOB_PERIOD_SECONDS: String(PERIOD_S), SAFEFLEET_LOG_LEVEL: 'info' };
    const one = new ConsoleProcess(await freePort(), dir);
    const two = new ConsoleProcess(await freePort(), dir);
    // The first start creates the database (migrations); the second joins it.
    await one.start(env);
    await two.start(env);
    const bothUp = Date.now();
    const nodeOf = async (c: ConsoleProcess) => {
      const line = await c.proc.waitFor(/scheduled jobs started/, 10_000);
      return /nodeId=(\S+?)[,)]/.exec(line)?.[1] ?? '';
    };
    const nodes = [await nodeOf(one), await nodeOf(two)];
    expect(nodes[0]).toMatch(/^[^:]+:\d+:[0-9a-f]{6}$/);
    expect(nodes[1]).not.toBe(nodes[0]);

    const file = join(dir, 'safefleet.db');
    const read = () => {
      const db = new Database(file, { readonly: true, fileMustExist: true });
      try {
        return (
          db.prepare("select at, detail_json from audit_log where action = 'job.ran' order by id").all() as Array<{ at: string; detail_json: string }>
        ).map((r) => ({ at: r.at, ...(JSON.parse(r.detail_json) as Omit<JobRan, 'at'>) }));
      } finally {
        db.close();
      }
    };
    // Six periods with both processes running.
    await until(
      'six periods of agent-checkin after both started',
      async () => read().filter((r) => r.job === 'agent-checkin' && Date.parse(r.period) > bothUp).length >= 6,
      60_000,
      500,
    );
    const stopping = Date.now();
    await one.stop();
    await two.stop();
    expect(one.proc.child.exitCode).toBe(0);
    expect(two.proc.child.exitCode).toBe(0);

    const rows = read();
    // No (job, period) twice, whatever the job.
    const seen = new Map<string, number>();
    for (const r of rows) seen.set(`${r.job} ${r.period}`, (seen.get(`${r.job} ${r.period}`) ?? 0) + 1);
    expect([...seen].filter(([, n]) => n !== 1)).toEqual([]);
    expect(rows.filter((r) => r.outcome !== 'ok')).toEqual([]);
    expect(new Set(rows.map((r) => r.node))).toEqual(new Set(nodes));

    // Every period while both ran (a period's margin at each end): each console job exactly once.
    const slots = slotsBetween(bothUp + PERIOD_S * 1000, stopping - PERIOD_S * 1000);
    expect(slots.length).toBeGreaterThanOrEqual(4);
    for (const job of CONSOLE_JOBS) {
      const periods = rows.filter((r) => r.job === job && !r.period.startsWith('start:')).map((r) => r.period);
      expect(
        slots.filter((s) => periods.filter((p) => p === s).length !== 1),
        `${job}: periods not run exactly once`,
      ).toEqual([]);
    }
    // The node job: once per period in each process.
    for (const node of nodes) {
      const periods = rows.filter((r) => r.job === 'credential-rotation' && r.node === node).map((r) => r.period);
      expect(slots.filter((s) => !periods.includes(`${s}@${node}`))).toEqual([]);
    }
    // The runs at start: once per day (retention) or hour (emails) across both processes.
    for (const job of ['retention', 'trustees-report', 'security-review-reminder']) {
      const starts = rows.filter((r) => r.job === job && r.period.startsWith('start:'));
      expect(starts.length, job).toBeGreaterThanOrEqual(1);
      expect(new Set(starts.map((r) => r.period)).size, job).toBe(starts.length);
    }

    // Both processes claimed runs: each fires at the same instants and the first insert wins.
    const claimed = (node: string) => rows.filter((r) => r.scope === 'console' && r.node === node).length;
    console.log(`console job runs claimed: ${nodes.map((n) => `${n} ${claimed(n)}`).join(', ')}`);
    expect(claimed(nodes[0]!)).toBeGreaterThan(0);
    expect(claimed(nodes[1]!)).toBeGreaterThan(0);

    // job_runs agrees with the audit log, and every run finished.
    const db = new Database(file, { readonly: true });
    try {
      expect(db.prepare('select count(*) as n from job_runs where finished_at is null').get()).toEqual({ n: 0 });
      expect((db.prepare('select count(*) as n from job_runs').get() as { n: number }).n).toBe(rows.length);
    } finally {
      db.close();
    }
  });
});
