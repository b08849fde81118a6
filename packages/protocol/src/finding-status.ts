import { z } from 'zod';

/** Result of one control on one device. `unknown` is honest: the facts could not say. */
export const FindingStatus = z.enum(['pass', 'grace', 'fail', 'unknown']);
export type FindingStatus = z.infer<typeof FindingStatus>;
