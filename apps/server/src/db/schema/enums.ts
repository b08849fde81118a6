import type { FindingStatus } from '@safefleet/protocol';

/** Enum values for text columns, taken from the protocol so the database and API never drift. */
export { CONTROL_IDS, DEVICE_STATUSES } from '@safefleet/protocol';
export const FINDING_STATUSES_FOR_DB = ['pass', 'grace', 'fail', 'unknown'] as const satisfies readonly FindingStatus[];
