import { z } from 'zod';
import { FindingStatus } from '../finding-status.js';
import { ShortString } from '../facts/common.js';
import { defineControl } from './control.js';

export const ScreenLockDetails = z.union([
  /** Computers: each user with a desktop session; lockAfterSeconds null when not known or never. */
  z.object({
    maxIdleMinutes: z.number().int(),
    users: z.array(z.object({ user: ShortString, status: FindingStatus, lockAfterSeconds: z.number().int().nullable() })),
  }),
  /** Tablets and phones: whether a passcode is set. */
  z.object({ passcode: z.boolean().nullable() }),
]);
export type ScreenLockDetails = z.infer<typeof ScreenLockDetails>;

export const screenLockControl = defineControl({
  id: 'screen-lock',
  title: 'Screen lock',
  shortTitle: 'Screen lock',
  description:
    'For every person who uses the device, the screen locks with a password after no more than the allowed idle time (15 minutes by default).',
  factGroups: ['screenLock'],
  settings: {
    group: 'screenLock',
    numbers: {
      maxIdleMinutes: { label: 'Screen must lock after at most', unit: 'minutes idle', min: 1, max: 240, default: 15 },
    },
  },
  details: ScreenLockDetails,
});
