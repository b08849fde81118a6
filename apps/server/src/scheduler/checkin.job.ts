import type { Services } from '../services/index.js';
import type { CheckinRunResult } from '../services/checkin.service.js';

/**
 * One run of the agent check-in job: devices silent past the policy window become stale (status
 * change, snapshot, events). Exposed for tests, which call it with a fake `now`.
 */
export function runCheckinJob(services: Services, now: Date = services.ctx.now()): CheckinRunResult {
  const result = services.checkin.run(now);
  if (result.changed > 0) services.ctx.log.info(result, 'agent check-in job updated devices');
  return result;
}
