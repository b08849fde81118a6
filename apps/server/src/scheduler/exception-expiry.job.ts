import type { Services } from '../services/index.js';

/** Every minute: exceptions past their end are audited once and their devices re-evaluated. */
export const EXCEPTION_EXPIRY_CRON = '* * * * *';

/**
 * One run of the exception expiry job: each exception that passed expiresAt since the last run is
 * audited as `exception.expired` (actor system) and the devices it covered are re-evaluated and
 * pushed, so the app turns back to fail without a new report. Tests call it with a fake `now`.
 */
export function runExceptionExpiryJob(services: Services, now: Date = services.ctx.now()): number {
  const expired = services.exceptions.expire(now);
  if (expired > 0) services.ctx.log.info({ expired }, 'exceptions expired; their devices were re-evaluated');
  return expired;
}
