import type { Services } from '../services/index.js';

/** Daily at 03:41 (a quiet minute most other jobs avoid); also once when the console starts. */
export const RETENTION_CRON = '41 3 * * *';

/** One run of the retention job; failures are logged, never thrown into the scheduler. */
export async function runRetentionJob(services: Services, now?: Date): Promise<void> {
  try {
    await services.retention.run(now);
  } catch (err) {
    services.ctx.log.error({ err }, 'retention job failed');
  }
}
