import { z } from 'zod';
import { groupBase, LIMITS, ShortString } from './common.js';

export const AppSource = z.enum(['dpkg', 'rpm', 'snap', 'flatpak', 'desktop', 'win32', 'store', 'macapp', 'android', 'ios', 'other']);
export type AppSource = z.infer<typeof AppSource>;

export const App = z.object({
  /** Display name. */
  name: ShortString,
  /** Package name / bundle id / package family name / flatpak app id: what the catalogue matches. */
  id: ShortString,
  version: ShortString.optional(),
  source: AppSource,
  /** Set for per-user installs (flatpak --user, HKU hive, ~/Applications). */
  user: ShortString.optional(),
});
export type App = z.infer<typeof App>;

export const AppsFacts = z.object({
  ...groupBase,
  apps: z.array(App).max(LIMITS.maxApps).default([]),
  /** True when the list was cut at LIMITS.maxApps. */
  truncated: z.boolean().optional(),
});
export type AppsFacts = z.infer<typeof AppsFacts>;
