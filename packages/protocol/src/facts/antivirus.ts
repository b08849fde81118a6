import { z } from 'zod';
import { groupBase, IsoDateTime, LIMITS, ShortString } from './common.js';

export const AntivirusProduct = z.object({
  name: ShortString,
  /** Installed and switched on (for Defender: running in Normal mode, not passive). null = cannot tell. */
  enabled: z.boolean().nullable(),
  /** On-access / real-time scanning. ClamAV without clamonacc is on-demand only: false. */
  realTime: z.boolean().nullable(),
  /** The product also covers spyware (Defender, most suites). */
  antispyware: z.boolean().nullable(),
  /** The platform's own "definitions are current" flag, where it has one. */
  signaturesUpToDate: z.boolean().nullable(),
  /** When the definitions were last updated; null where the platform gives no date. */
  signaturesUpdatedAt: IsoDateTime.nullable(),
  /** Where the facts came from, e.g. "clamav:/var/lib/clamav/daily.cld", "SecurityCenter2". */
  source: ShortString.optional(),
  /** Raw values kept for audit (e.g. SecurityCenter2 productState, Defender AMRunningMode). */
  raw: z.record(z.string(), z.union([z.string().max(LIMITS.maxString), z.number(), z.boolean(), z.null()])).optional(),
});
export type AntivirusProduct = z.infer<typeof AntivirusProduct>;

export const AntivirusFacts = z.object({
  ...groupBase,
  products: z.array(AntivirusProduct).max(LIMITS.maxProducts).default([]),
  /**
   * Tablets and phones: the MDM's verdict on the device itself (Google "compromised status",
   * Intune jailbreak / partner threat state). compromised null = the MDM did not say.
   */
  integrity: z
    .object({
      compromised: z.boolean().nullable(),
      /** Who said so, in words: "Google Workspace", "Microsoft Intune". */
      source: ShortString,
      /** The MDM's own wording, e.g. "Compromised", "jailBroken: True", "threatState: secured". */
      detail: ShortString.optional(),
    })
    .optional(),
});
export type AntivirusFacts = z.infer<typeof AntivirusFacts>;
