import { z } from 'zod';
import { groupBase, ShortString } from './common.js';

/** Agents run on linux, darwin and win32; tablets and phones (MDM, CSV, keeper check-in) are android, ios, ipados. */
export const Platform = z.enum(['linux', 'darwin', 'win32', 'android', 'ios', 'ipados']);
export type Platform = z.infer<typeof Platform>;

export const OsFacts = z.object({
  ...groupBase,
  platform: Platform,
  /** Product name a person recognises, e.g. "Debian GNU/Linux", "Windows 11 Pro", "macOS". */
  distro: ShortString.default(''),
  /** Version, e.g. "12", "23H2", "15.3". */
  release: ShortString.default(''),
  /** Build incl. patch revision where the platform has one, e.g. "22631.3880", "24D60". */
  build: ShortString.default(''),
  kernel: ShortString.default(''),
  arch: ShortString.default(''),
  hostname: ShortString.default(''),
  serial: ShortString.optional(),
  /** Android security patch level as a date, YYYY-MM-DD (tablets and phones; from the MDM or the keeper). */
  securityPatch: ShortString.optional(),
  /** Model a person recognises, e.g. "iPad (10th generation)", "Galaxy Tab A9". */
  model: ShortString.optional(),
});
export type OsFacts = z.infer<typeof OsFacts>;
