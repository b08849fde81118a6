import { z } from 'zod';
import { AppCategory } from '../app-categories.js';
import { AppSource } from '../facts/apps.js';
import { IsoDateTime, ShortString } from '../facts/common.js';
import { defineControl } from './control.js';

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

/**
 * Names of the catalogue apps found that neither an exception nor the approved work channels allow
 * ("Telegram", "WhatsApp"), once each: what an alert, an email or a concern says was found. Takes a
 * finding's or an alert's details.
 */
export function unallowedAppNames(details: unknown): string[] {
  const parsed = SocialAppsDetails.safeParse(details ?? {});
  if (!parsed.success) return [];
  return [...new Set(parsed.data.found.filter((f) => !f.allowedByException && !f.approvedChannel).map((f) => f.name))];
}

export const socialAppsControl = defineControl({
  id: 'social-apps',
  title: 'No social media or messaging apps',
  shortTitle: 'Social apps',
  description:
    'None of the installed apps is in the catalogue of social media, messaging, video-chat, dating, live-streaming or work-collaboration apps (the categories this organisation checks), unless it is a work channel the organisation approved (such as Microsoft Teams) or an approved, unexpired exception allows it for this device or the keeper’s role.',
  factGroups: ['apps'],
  settings: { group: 'socialApps', numbers: {}, lists: ['socialApps.categories', 'approvedChannels.appIds'] },
  details: SocialAppsDetails,
});
