import { z } from 'zod';
import { AppCategory } from '../compliance.js';
import { ShortString } from '../facts/common.js';

/** Words for catalogue categories (PolicySettings.socialApps.categories). */
export const APP_CATEGORY_LABELS: Record<AppCategory, string> = {
  social: 'Social media',
  messaging: 'Messaging',
  'video-chat': 'Video chat',
  dating: 'Dating',
  'live-streaming': 'Live streaming',
  'work-collaboration': 'Work collaboration',
};

/**
 * The work-collaboration channels most organisations use, approved in one click on first start and
 * on the Policy page (catalogue ids, category work-collaboration).
 */
export const COMMON_WORK_CHANNELS = ['teams', 'zoom', 'slack', 'google-chat', 'webex', 'skype'] as const;

/** One app of the social & messaging catalogue (packages/policy CATALOGUE_ENTRIES), without its identifiers. */
export const CatalogueApp = z.object({
  /** Catalogue entry id, e.g. "whatsapp": what exceptions and roles name in appIds. */
  id: ShortString,
  name: ShortString,
  category: AppCategory,
  note: z.string().max(4_000).optional(),
});
export type CatalogueApp = z.infer<typeof CatalogueApp>;

/** GET /api/catalogue (signed in, any role) → CatalogueApp[] in catalogue order. */
export const CatalogueResponse = z.array(CatalogueApp);
export type CatalogueResponse = z.infer<typeof CatalogueResponse>;
