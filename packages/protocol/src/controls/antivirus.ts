import { z } from 'zod';
import { ShortString } from '../facts/common.js';
import { Platform } from '../facts/os.js';
import { defineControl } from './control.js';

/**
 * Tablets and phones (antivirus and antispyware): not applicable on iPadOS/iOS, else the MDM's
 * threat verdict on the device (compromised null = the MDM did not say).
 */
export const MobileThreatDetails = z.union([
  z.object({ notApplicable: z.literal(true), platform: Platform }),
  z.object({ compromised: z.boolean().nullable(), source: ShortString.nullable() }),
]);
export type MobileThreatDetails = z.infer<typeof MobileThreatDetails>;

export const AntivirusProductResult = z.object({
  name: ShortString,
  enabled: z.boolean().nullable(),
  realTime: z.boolean().nullable(),
  /** Days since the definitions were updated; null when the product gave no date. */
  definitionsAgeDays: z.number().int().nullable(),
  /** true = fresh, false = too old, null = cannot tell (or not checked: the product is off). */
  definitionsFresh: z.boolean().nullable(),
});
export type AntivirusProductResult = z.infer<typeof AntivirusProductResult>;

export const AntivirusDetails = z.union([
  z.object({ maxDefinitionAgeDays: z.number().int(), products: z.array(AntivirusProductResult) }),
  MobileThreatDetails,
]);
export type AntivirusDetails = z.infer<typeof AntivirusDetails>;

export const antivirusControl = defineControl({
  id: 'antivirus',
  title: 'Antivirus',
  shortTitle: 'Antivirus',
  description:
    'An antivirus program is installed, switched on, and its virus definitions were updated within the allowed number of days (7 by default). Programs that only scan on demand, such as ClamAV on Linux, count, and the reason says real-time scanning is off.',
  factGroups: ['antivirus'],
  settings: {
    group: 'antivirus',
    numbers: {
      maxDefinitionAgeDays: { label: 'Antivirus definitions may be at most', unit: 'days old', min: 1, max: 365, default: 7 },
    },
  },
  details: AntivirusDetails,
});
