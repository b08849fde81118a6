import cron, { type ScheduledTask } from 'node-cron';
import type { Services } from '../services/index.js';
import type { Settings } from '../services/notifications/notification-settings.js';

export interface AlertJobs {
  stop(): Promise<void>;
}

/** "08:30" → "30 8 * * *". */
export function digestCron(time: string): string {
  const [h, m] = time.split(':').map(Number);
  return `${m ?? 0} ${h ?? 8} * * *`;
}

/**
 * The alert jobs: grace ladder (SAFEFLEET_ALERTS_CRON, every 15 minutes), password prompts
 * (SAFEFLEET_PROMPTS_CRON, hourly), quarterly reminder (first day of each quarter, 09:00) and the
 * daily digest (settings.digest.time in its time zone; rescheduled when the settings change).
 */
export function startAlertJobs(services: Services): AlertJobs {
  const { alertsOptions: options, alertLadder, passwordPrompts, digest: digestService, notificationSettings, ctx } = services;
  const guard = (name: string, fn: () => unknown) => () => {
    try {
      fn();
    } catch (err) {
      ctx.log.error({ err }, `${name} job failed`);
    }
  };
  const tasks: ScheduledTask[] = [
    cron.schedule(
      options.ladderCron,
      guard('alert ladder', () => alertLadder.run()),
      { name: 'alert-ladder', noOverlap: true },
    ),
    cron.schedule(
      options.promptsCron,
      guard('password prompts', () => passwordPrompts.run()),
      { name: 'password-prompts', noOverlap: true },
    ),
    cron.schedule(
      options.quarterlyCron,
      guard('quarterly reminder', () => passwordPrompts.runQuarterly()),
      {
        name: 'quarterly-reminder',
        noOverlap: true,
      },
    ),
  ];

  let digest: ScheduledTask | undefined;
  let current = '';
  const scheduleDigest = (s: Settings) => {
    const key = `${s.digest.enabled}|${s.digest.time}|${s.digest.timezone ?? ''}`;
    if (key === current) return;
    current = key;
    void digest?.destroy();
    digest = undefined;
    if (!s.digest.enabled) return;
    digest = cron.schedule(
      digestCron(s.digest.time),
      guard('digest', () => digestService.run()),
      {
        name: 'alert-digest',
        noOverlap: true,
        ...(s.digest.timezone ? { timezone: s.digest.timezone } : {}),
      },
    );
  };
  scheduleDigest(notificationSettings.current());
  const unsubscribe = notificationSettings.onChange(scheduleDigest);
  return {
    async stop() {
      unsubscribe();
      for (const t of [...tasks, ...(digest ? [digest] : [])]) await t.destroy();
    },
  };
}
