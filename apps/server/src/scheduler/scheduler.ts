import cron, { type ScheduledTask } from 'node-cron';
import type { Services } from '../services/index.js';
import { runCheckinJob } from './checkin.job.js';

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
  ];
  return {
    async stop() {
      for (const t of tasks) await t.destroy();
    },
  };
}
