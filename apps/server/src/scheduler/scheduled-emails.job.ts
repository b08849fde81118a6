import type { Services } from '../services/index.js';
import { remindSecurityReview, sendTrusteesReport } from '../services/report/scheduled-emails.js';

/**
 * Hourly, and once at start: the trustees' quarterly report (in the first days of a quarter, in the
 * organisation's time zone) and the security review reminder, two jobs. Each email is queued once
 * (dedupe key in the delivery log), so running hourly and after every restart never sends it twice.
 */
export const SCHEDULED_EMAILS_CRON = '41 * * * *';

export async function runTrusteesReportJob(services: Services, now: Date = services.ctx.now()): Promise<Record<string, unknown>> {
  const report = await sendTrusteesReport(services, now);
  if (report.queued) services.ctx.log.info(report, 'trustees’ quarterly report queued');
  return { ...report };
}

export function runSecurityReviewReminderJob(services: Services, now: Date = services.ctx.now()): Record<string, unknown> {
  const review = remindSecurityReview(services, now);
  if (review.queued) services.ctx.log.info(review, 'security review reminder queued');
  return { ...review };
}
