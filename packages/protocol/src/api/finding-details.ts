import { z } from 'zod';
import { AppCategory } from '../compliance.js';
import { AppSource } from '../facts/apps.js';
import { IsoDateTime, ShortString } from '../facts/common.js';

/**
 * Shapes of Finding.details that UIs read (packages/policy writes them). Parse with safeParse:
 * a finding without these details (e.g. unknown) simply has none.
 */

/** One catalogued app found on a device: Finding(social-apps).details.found[]. */
export const SocialAppFound = z.object({
  /** Catalogue entry id, e.g. "whatsapp". */
  appId: ShortString,
  /** Catalogue name, e.g. "WhatsApp". */
  name: ShortString,
  category: AppCategory,
  /** Which identifier kind matched (windowsStore, win32DisplayName, macos, linux, android, ios). */
  matchedBy: ShortString,
  identifier: ShortString,
  source: AppSource,
  /** The installed app's own name and id (facts.apps). */
  appName: ShortString,
  installedId: ShortString,
  user: ShortString.optional(),
  /** Set when an active exception allows it. */
  allowedByException: ShortString.optional(),
  allowedUntil: IsoDateTime.optional(),
  /** The keeper role the allowing exception names (absent for a one-device exception). */
  allowedForRole: ShortString.optional(),
  /** True when the app is a work-collaboration channel the organisation approved (policy.approvedChannels). */
  approvedChannel: z.boolean().optional(),
});
export type SocialAppFound = z.infer<typeof SocialAppFound>;

export const SocialAppsDetails = z.object({
  categories: z.array(AppCategory).optional(),
  found: z.array(SocialAppFound).default([]),
});
export type SocialAppsDetails = z.infer<typeof SocialAppsDetails>;

/** One account's password result: Finding(password-age).details.accounts[]. */
export const PasswordAccountResult = z.object({
  username: ShortString,
  ageDays: z.number().int().nullable(),
  status: z.enum(['pass', 'grace', 'fail', 'unknown']),
  dueAt: IsoDateTime.nullable(),
});
export type PasswordAccountResult = z.infer<typeof PasswordAccountResult>;

export const PasswordAgeDetails = z.object({
  accounts: z.array(PasswordAccountResult).default([]),
});
export type PasswordAgeDetails = z.infer<typeof PasswordAgeDetails>;
