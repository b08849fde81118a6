import cron, { type ScheduledTask } from 'node-cron';
import type { Services } from '../services/index.js';
import type { Settings } from '../services/notifications/notification-settings.js';
import { type ClaimedJob, type JobClaims, slotPeriod } from './claims.js';
import { cronOptions, shortPeriodCron, shortPeriodLeaseMs } from './jobs.js';

export interface AlertJobs {
  stop(): Promise<void>;
}

/** "08:30" → "30 8 * * *". */
export function digestCron(time: string): string {
  const [h, m] = time.split(':').map(Number);
  return `${m ?? 0} ${h ?? 8} * * *`;
}

/**
 * The daily digest (settings.digest.time in its time zone; rescheduled when the settings change),
 * claimed like every other job. The grace ladder, password prompts and the quarterly reminder are
 * in jobs.ts.
 */
export function startAlertJobs(
  services: Services,
  claims: JobClaims,
  options: { register(job: ClaimedJob): void; periodSeconds?: number; nameSuffix?: string },
): AlertJobs {
  const { digest: digestService, notificationSettings } = services;
  const job: ClaimedJob = {
    name: `alert-digest${options.nameSuffix ?? ''}`,
    scope: 'console',
    leaseMs: options.periodSeconds ? shortPeriodLeaseMs(options.periodSeconds) : 60 * 60_000,
    run: (now) => ({ ...digestService.run(now) }),
  };
  options.register(job);
  let digest: ScheduledTask | undefined;
  let current = '';
  const keyOf = (s: Settings) => `${s.digest.enabled}|${s.digest.time}|${s.digest.timezone ?? ''}`;
  const scheduleDigest = (s: Settings) => {
    const key = keyOf(s);
    if (key === current) return;
    current = key;
    void digest?.destroy();
    digest = undefined;
    if (!s.digest.enabled) return;
    digest = cron.schedule(
      options.periodSeconds ? shortPeriodCron(options.periodSeconds) : digestCron(s.digest.time),
      (context) => {
        // Another console process may have changed the digest's time since this one scheduled it:
        // then this time is stale; follow the stored settings instead of running.
        const stored = notificationSettings.current();
        if (keyOf(stored) !== current) {
          scheduleDigest(stored);
          return;
        }
        return claims.run(job, slotPeriod(context.date));
      },
      {
        ...cronOptions('alert-digest', options.periodSeconds),
        ...(s.digest.timezone ? { timezone: s.digest.timezone } : {}),
      },
    );
  };
  scheduleDigest(notificationSettings.current());
  const unsubscribe = notificationSettings.onChange(scheduleDigest);
  return {
    async stop() {
      unsubscribe();
      if (digest) await digest.destroy();
    },
  };
}
