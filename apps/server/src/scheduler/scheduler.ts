import cron, { type ScheduledTask } from 'node-cron';
import type { Services } from '../services/index.js';
import { startAlertJobs } from './alerts.jobs.js';
import { runCheckinJob } from './checkin.job.js';
import { EXCEPTION_EXPIRY_CRON, runExceptionExpiryJob } from './exception-expiry.job.js';
import { RETENTION_CRON, runRetentionJob } from './retention.job.js';
import { runScheduledEmailsJob, SCHEDULED_EMAILS_CRON } from './scheduled-emails.job.js';

/** Hourly MDM sync (Google Workspace, Microsoft Intune). */
export const CONNECTORS_SYNC_CRON = '17 * * * *';

/** Daily: connected devices whose credential is due get a new one. */
export const CREDENTIAL_ROTATION_CRON = '53 4 * * *';

export interface Scheduler {
  stop(): Promise<void>;
}

/** Starts the periodic jobs (node-cron). `checkinCron` defaults to every minute. */
export function startScheduler(services: Services, checkinCron: string): Scheduler {
  if (!cron.validate(checkinCron)) throw new Error(`not a valid cron pattern: "${checkinCron}"`);
  const tasks: ScheduledTask[] = [
    cron.schedule(
      checkinCron,
      () => {
        try {
          runCheckinJob(services);
        } catch (err) {
          services.ctx.log.error({ err }, 'agent check-in job failed');
        }
      },
      { name: 'agent-checkin', noOverlap: true },
    ),
    cron.schedule(
      EXCEPTION_EXPIRY_CRON,
      () => {
        try {
          runExceptionExpiryJob(services);
        } catch (err) {
          services.ctx.log.error({ err }, 'exception expiry job failed');
        }
      },
      { name: 'exception-expiry', noOverlap: true },
    ),
    // MDM connectors (Google Workspace, Intune): hourly, at a minute past the hour most jobs avoid.
    cron.schedule(
      CONNECTORS_SYNC_CRON,
      () => services.tablets.connectors.syncAll().catch((err: unknown) => services.ctx.log.error({ err }, 'connector sync job failed')),
      { name: 'connectors-sync', noOverlap: true },
    ),
    // Device credentials older than 90 days: replaced over the live connection (connecting devices on hello).
    cron.schedule(
      CREDENTIAL_ROTATION_CRON,
      () => {
        try {
          services.credentials.runScheduled();
        } catch (err) {
          services.ctx.log.error({ err }, 'credential rotation job failed');
        }
      },
      { name: 'credential-rotation', noOverlap: true },
    ),
    // Retention: raw reports and snapshots past their keep period, daily and once now (on start).
    cron.schedule(RETENTION_CRON, () => runRetentionJob(services), { name: 'retention', noOverlap: true }),
    // The trustees' quarterly report and the security review reminder (each sent once).
    cron.schedule(SCHEDULED_EMAILS_CRON, () => runScheduledEmailsJob(services), { name: 'scheduled-emails', noOverlap: true }),
  ];
  void runRetentionJob(services);
  void runScheduledEmailsJob(services);
  const alertJobs = startAlertJobs(services);
  return {
    async stop() {
      await alertJobs.stop();
      for (const t of tasks) await t.destroy();
    },
  };
}
