import { z } from 'zod';
import { ShortString } from '../facts/common.js';
import { MobileThreatDetails } from './antivirus.js';
import { defineControl } from './control.js';

export const AntispywareDetails = z.union([
  z.object({
    products: z.array(z.object({ name: ShortString, enabled: z.boolean().nullable(), antispyware: z.boolean().nullable() })),
  }),
  MobileThreatDetails,
]);
export type AntispywareDetails = z.infer<typeof AntispywareDetails>;

export const antispywareControl = defineControl({
  id: 'antispyware',
  title: 'Anti-spyware',
  shortTitle: 'Anti-spyware',
  description:
    'A switched-on security program also protects against spyware. Microsoft Defender and most security suites do; ClamAV’s definitions include spyware and unwanted programs.',
  factGroups: ['antivirus'],
  settings: null,
  details: AntispywareDetails,
});
