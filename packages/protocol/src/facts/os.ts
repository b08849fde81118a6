import { z } from 'zod';
import { groupBase, ShortString } from './common.js';

/** Computers: where the agent runs (Node's process.platform names). */
export const COMPUTER_PLATFORMS = ['linux', 'darwin', 'win32'] as const;
export type ComputerPlatform = (typeof COMPUTER_PLATFORMS)[number];
/** Tablets and phones, reported by an MDM, a CSV import or the keeper's check-in. */
export const MOBILE_PLATFORMS = ['android', 'ios', 'ipados'] as const;
export type MobilePlatform = (typeof MOBILE_PLATFORMS)[number];

/** Every platform a device can report. Declared here only; other packages import it. */
export const Platform = z.enum([...COMPUTER_PLATFORMS, ...MOBILE_PLATFORMS]);
export type Platform = z.infer<typeof Platform>;

/** The platform's name as people know it. */
export const PLATFORM_LABELS: Record<Platform, string> = {
  linux: 'Linux',
  darwin: 'macOS',
  win32: 'Windows',
  android: 'Android',
  ios: 'iOS',
  ipados: 'iPadOS',
};

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
