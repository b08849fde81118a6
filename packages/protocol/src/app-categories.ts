import { z } from 'zod';

/** Catalogue categories of social media and messaging apps (social-apps checks the chosen ones). */
export const APP_CATEGORIES = ['social', 'messaging', 'video-chat', 'dating', 'live-streaming', 'work-collaboration'] as const;
export const AppCategory = z.enum(APP_CATEGORIES);
export type AppCategory = z.infer<typeof AppCategory>;
