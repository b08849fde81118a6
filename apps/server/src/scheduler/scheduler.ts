import cron, { type ScheduledTask } from 'node-cron';
import type { Services, ServicesByOrganisation } from '../services/index.js';
import { startAlertJobs } from './alerts.jobs.js';
import { type ClaimedJob, JobClaims, newNodeId, slotPeriod, startPeriod } from './claims.js';
import { cronOptions, type ScheduledJob, scheduledJobs, shortPeriodCron, shortPeriodLeaseMs, TAKEOVER_SWEEP_CRON } from './jobs.js';

export { CONNECTORS_SYNC_CRON, CREDENTIAL_ROTATION_CRON } from './jobs.js';

export interface Scheduler {
  /** This console process's id in job_runs and `job.ran` audit rows. */
  nodeId: string;
  claims: JobClaims;
  stop(): Promise<void>;
}

export interface SchedulerOptions {
  /** This process's node id (default: hostname:pid:random). */
  nodeId?: string;
  /** Every job every N seconds (SAFEFLEET_JOB_PERIOD_SECONDS; tests and trials). Default: config.jobPeriodSeconds. */
  periodSeconds?: number;
  /** Every organisation's services: organisation jobs run for each (default: only `services`'s). */
  organisations?: ServicesByOrganisation;
}

/**
 * Starts the periodic jobs (node-cron). Each run is claimed in job_runs first, so console processes
 * sharing the database run each job once per period (claims.ts); every run writes a `job.ran`
 * audit row. `checkinCron` defaults to every minute.
 */
export function startScheduler(services: Services, checkinCron: string, options: SchedulerOptions = {}): Scheduler {
  if (!cron.validate(checkinCron)) throw new Error(`not a valid cron pattern: "${checkinCron}"`);
  const { log } = services.ctx;
  const nodeId = options.nodeId ?? newNodeId();
  const periodSeconds = options.periodSeconds ?? services.ctx.config.jobPeriodSeconds;
  const claims = new JobClaims(services.ctx, nodeId);
  const known = new Map<string, ClaimedJob>();
  const short = (job: ScheduledJob): ScheduledJob =>
    periodSeconds ? { ...job, cron: shortPeriodCron(periodSeconds), leaseMs: shortPeriodLeaseMs(periodSeconds) } : job;
  const all = options.organisations ? () => options.organisations!.all() : () => [services];
  const jobs = scheduledJobs(services, checkinCron, all).map(short);

  const tasks: ScheduledTask[] = [];
  const schedule = (job: ScheduledJob): ScheduledTask =>
    cron.schedule(job.cron, (context) => claims.run(job, slotPeriod(context.date)), {
      ...cronOptions(job.name, periodSeconds),
      ...(job.timezone ? { timezone: job.timezone } : {}),
    });
  for (const job of jobs) {
    known.set(job.name, job);
    tasks.push(schedule(job));
  }
  tasks.push(
    cron.schedule(
      periodSeconds ? shortPeriodCron(periodSeconds) : TAKEOVER_SWEEP_CRON,
      () => claims.sweep(known),
      cronOptions('job-takeover-sweep', periodSeconds),
    ),
  );
  for (const job of jobs) {
    if (job.atStart) void claims.run(job, startPeriod(services.ctx.now(), job.atStart));
  }
  // Each organisation's digest at its own time (organisation 1's job keeps its name; others are named apart).
  const digests: Array<ReturnType<typeof startAlertJobs>> = [];
  const startDigest = (s: Services) =>
    digests.push(
      startAlertJobs(s, claims, {
        register: (job) => known.set(job.name, job),
        ...(periodSeconds ? { periodSeconds } : {}),
        ...(s.ctx.organisationId === 1 ? {} : { nameSuffix: `:org-${s.ctx.organisationId}` }),
      }),
    );
  if (options.organisations) options.organisations.onCreate(startDigest);
  else startDigest(services);
  const alertJobs = { stop: async () => Promise.all(digests.map((d) => d.stop())).then(() => undefined) };
  log.info(
    { nodeId, jobs: [...known.keys()], ...(periodSeconds ? { periodSeconds } : {}) },
    'scheduled jobs started: each runs once per period across console processes sharing this database',
  );
  return {
    nodeId,
    claims,
    async stop() {
      await alertJobs.stop();
      for (const t of tasks) await t.destroy();
      // Runs already claimed finish and are recorded before the database closes.
      await claims.drain();
    },
  };
}
