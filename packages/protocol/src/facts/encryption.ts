import { z } from 'zod';
import { groupBase, LIMITS, ShortString } from './common.js';

export const Volume = z.object({
  /** Mount point or drive, e.g. "/", "C:". */
  mount: ShortString,
  device: ShortString.optional(),
  encrypted: z.boolean().nullable(),
  /** e.g. "LUKS", "BitLocker XTS-AES 128", "FileVault". */
  method: ShortString.optional(),
  /** The system volume (root filesystem, C:, the macOS data volume). */
  isSystem: z.boolean(),
  /** Platform wording kept for audit, e.g. "Protection On", "FileVault is On.". */
  detail: ShortString.optional(),
});
export type Volume = z.infer<typeof Volume>;

export const EncryptionFacts = z.object({
  ...groupBase,
  volumes: z.array(Volume).max(LIMITS.maxVolumes).default([]),
});
export type EncryptionFacts = z.infer<typeof EncryptionFacts>;
