import type { Services } from '../services/index.js';
import { remindSecurityReview, sendTrusteesReport } from '../services/report/scheduled-emails.js';

/**
 * Hourly, and once at start: the trustees' quarterly report (in the first days of a quarter, in the
 * organisation's time zone) and the security review reminder. Each email is queued once (dedupe key
 * in the delivery log), so running hourly and after every restart never sends it twice.
 */
export const SCHEDULED_EMAILS_CRON = '41 * * * *';

export async function runScheduledEmailsJob(services: Services, now: Date = services.ctx.now()): Promise<void> {
  try {
    const report = await sendTrusteesReport(services, now);
    if (report.queued) services.ctx.log.info(report, 'trustees’ quarterly report queued');
  } catch (err) {
    services.ctx.log.error({ err }, 'the trustees’ quarterly report job failed');
  }
  try {
    const review = remindSecurityReview(services, now);
    if (review.queued) services.ctx.log.info(review, 'security review reminder queued');
  } catch (err) {
    services.ctx.log.error({ err }, 'the security review reminder job failed');
  }
}
