import { z } from 'zod';
import { groupBase, LIMITS, ShortString } from './common.js';

/** One interactive user's screen-lock settings. */
export const ScreenLockUser = z.object({
  user: ShortString,
  /** The screen locks with a password when it blanks or the session idles. */
  lockEnabled: z.boolean().nullable(),
  /** Idle time before the screen blanks / screensaver starts; 0 = never. */
  idleSeconds: z.number().int().nonnegative().nullable(),
  /** Extra delay between blanking and locking. */
  lockDelaySeconds: z.number().int().nonnegative().nullable().optional(),
  /** Where it was read: gnome, kde, windows-policy, screensaver, macos. */
  source: ShortString.optional(),
});
export type ScreenLockUser = z.infer<typeof ScreenLockUser>;

export const ScreenLockFacts = z.object({
  ...groupBase,
  users: z.array(ScreenLockUser).max(LIMITS.maxScreenLockUsers).default([]),
});
export type ScreenLockFacts = z.infer<typeof ScreenLockFacts>;
