import type { Services } from '../services/index.js';
import { runCheckinJob } from './checkin.job.js';
import type { ClaimedJob, JobSummary } from './claims.js';
import { EXCEPTION_EXPIRY_CRON, runExceptionExpiryJob } from './exception-expiry.job.js';
import { RETENTION_CRON, runRetentionJob } from './retention.job.js';
import { runSecurityReviewReminderJob, runTrusteesReportJob, SCHEDULED_EMAILS_CRON } from './scheduled-emails.job.js';

/** Hourly MDM and directory sync (Google Workspace, Microsoft Intune / 365). */
export const CONNECTORS_SYNC_CRON = '17 * * * *';

/** Daily: connected devices whose credential is due get a new one. */
export const CREDENTIAL_ROTATION_CRON = '53 4 * * *';

/** Every minute, at half past: runs left unfinished by a stopped console process are taken over. */
export const TAKEOVER_SWEEP_CRON = '30 * * * * *';

const MINUTE = 60_000;

/**
 * A run whose timer fires late (a busy event loop) still runs, up to this late and never into the
 * next slot (node-cron's default drops a run more than 1 s late). Its period stays the scheduled slot.
 */
export const MISSED_TOLERANCE_MS = 30_000;

/**
 * Each run waits a random moment (up to 1 s; a quarter of a short test period) before it claims,
 * so the processes sharing a database take turns instead of the least busy one winning every claim.
 * The period stays the scheduled slot.
 */
export function claimJitterMs(periodSeconds?: number): number {
  return periodSeconds ? Math.min(1_000, (periodSeconds * 1_000) / 4) : 1_000;
}

/** node-cron options of every scheduled job: no overlapping runs in a process, late timers tolerated, jitter. */
export function cronOptions(
  name: string,
  periodSeconds?: number,
): { name: string; noOverlap: true; missedExecutionTolerance: number; maxRandomDelay: number } {
  return { name, noOverlap: true, missedExecutionTolerance: MISSED_TOLERANCE_MS, maxRandomDelay: claimJitterMs(periodSeconds) };
}
const HOUR = 60 * MINUTE;

/** A job with its node-cron pattern; `atStart` also runs it when the console starts (once per UTC day/hour across processes). */
export interface ScheduledJob extends ClaimedJob {
  cron: string;
  atStart?: 'day' | 'hour';
  timezone?: string;
}

/**
 * SAFEFLEET_JOB_PERIOD_SECONDS (tests and trials only): every job runs every N seconds instead of
 * its pattern, and leases shrink to match, so several periods pass in a short test.
 */
export function shortPeriodCron(seconds: number): string {
  return `*/${seconds} * * * * *`;
}

/** Reads SAFEFLEET_JOB_PERIOD_SECONDS: undefined when unset; throws unless a whole number of seconds dividing 60. */
export function jobPeriodSecondsFromEnv(value: string | undefined): number | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < 1 || n > 30 || 60 % n !== 0) {
    throw new Error('SAFEFLEET_JOB_PERIOD_SECONDS must be a whole number of seconds that divides 60 (1, 2, 3, 4, 5, 6, 10, 12, 15, 20 or 30)');
  }
  return n;
}

/** The lease of a job run under SAFEFLEET_JOB_PERIOD_SECONDS: five periods, at least 10 s. */
export function shortPeriodLeaseMs(seconds: number): number {
  return Math.max(5 * seconds * 1000, 10_000);
}

/**
 * Every periodic job of the console (the digest, whose time comes from the settings, is added in
 * alerts.jobs.ts). Leases are generous bounds on one run's length: a run still unfinished after
 * its lease is taken to be dead and is run again by another process.
 */
export function scheduledJobs(services: Services, checkinCron: string, organisations: () => Services[] = () => [services]): ScheduledJob[] {
  const { alertsOptions: options } = services;
  // Jobs about an organisation's data run for every organisation in one claimed run (issue 13);
  // with one organisation the summary is that organisation's, as before.
  const each = (fn: (s: Services) => JobSummary): JobSummary => {
    const all = organisations();
    if (all.length === 1 && all[0]) return fn(all[0]);
    return { organisations: Object.fromEntries(all.map((s) => [s.ctx.organisationId, fn(s)])) };
  };
  const eachAsync = async (fn: (s: Services) => Promise<JobSummary>): Promise<JobSummary> => {
    const all = organisations();
    if (all.length === 1 && all[0]) return fn(all[0]);
    const out: Record<number, JobSummary> = {};
    for (const s of all) out[s.ctx.organisationId] = await fn(s);
    return { organisations: out };
  };
  const jobs: ScheduledJob[] = [
    // Devices silent past the policy window become stale.
    { name: 'agent-checkin', scope: 'console', cron: checkinCron, leaseMs: 10 * MINUTE, run: (now) => each((s) => ({ ...runCheckinJob(s, now) })) },
    {
      name: 'exception-expiry',
      scope: 'console',
      cron: EXCEPTION_EXPIRY_CRON,
      leaseMs: 10 * MINUTE,
      run: (now) => each((s) => ({ expired: runExceptionExpiryJob(s, now) })),
    },
    // Grace ladder: remind the keeper, escalate.
    {
      name: 'alert-ladder',
      scope: 'console',
      cron: options.ladderCron,
      leaseMs: 30 * MINUTE,
      run: (now) => each((s) => ({ ...s.alertLadder.run(now) })),
    },
    {
      name: 'password-prompts',
      scope: 'console',
      cron: options.promptsCron,
      leaseMs: 30 * MINUTE,
      run: (now) => each((s) => ({ ...s.passwordPrompts.run(now) })),
    },
    {
      name: 'quarterly-reminder',
      scope: 'console',
      cron: options.quarterlyCron,
      leaseMs: HOUR,
      run: (now) => each((s) => ({ ...s.passwordPrompts.runQuarterly(now) })),
    },
    // MDM connectors and directories: hourly, at a minute past the hour most jobs avoid.
    {
      name: 'connectors-sync',
      scope: 'console',
      cron: CONNECTORS_SYNC_CRON,
      leaseMs: 45 * MINUTE,
      run: () =>
        eachAsync(async (s) => {
          const results = await s.tablets.connectors.syncAll();
          return {
            connectors: results.length,
            failed: results.filter((r) => !r.ok).length,
            devices: results.reduce((n, r) => n + r.devices.length, 0),
          };
        }),
    },
    // Device credentials older than 90 days: replaced over the live connection, so each process
    // does it for the agents connected to it (connecting agents get theirs on hello).
    {
      name: 'credential-rotation',
      scope: 'node',
      cron: CREDENTIAL_ROTATION_CRON,
      leaseMs: HOUR,
      run: (now) => each((s) => ({ started: s.credentials.runScheduled(now) })),
    },
    // Raw reports and snapshots past their keep period (and the scheduler's own history): daily and on start.
    { name: 'retention', scope: 'console', cron: RETENTION_CRON, atStart: 'day', leaseMs: 6 * HOUR, run: (now) => runRetentionJob(services, now) },
    // Each email is queued once (dedupe key), hourly and on start.
    {
      name: 'trustees-report',
      scope: 'console',
      cron: SCHEDULED_EMAILS_CRON,
      atStart: 'hour',
      leaseMs: 30 * MINUTE,
      run: (now) => eachAsync((s) => runTrusteesReportJob(s, now)),
    },
    {
      name: 'security-review-reminder',
      scope: 'console',
      cron: SCHEDULED_EMAILS_CRON,
      atStart: 'hour',
      leaseMs: 30 * MINUTE,
      run: (now) => eachAsync(async (s) => runSecurityReviewReminderJob(s, now)),
    },
  ];
  return jobs;
}
