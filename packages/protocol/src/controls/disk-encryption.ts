import { z } from 'zod';
import { ShortString } from '../facts/common.js';
import { defineControl } from './control.js';

export const DiskEncryptionDetails = z.union([
  /** Computers: each system volume. */
  z.object({
    volumes: z.array(z.object({ mount: ShortString, encrypted: z.boolean().nullable(), method: ShortString.nullable() })),
  }),
  /** Tablets and phones: what the MDM or keeper said (Apple encrypts whenever a passcode is set). */
  z.object({
    encrypted: z.boolean().nullable(),
    passcode: z.boolean().nullable(),
    encryptedByPasscode: z.literal(true).optional(),
  }),
]);
export type DiskEncryptionDetails = z.infer<typeof DiskEncryptionDetails>;

export const diskEncryptionControl = defineControl({
  id: 'disk-encryption',
  title: 'Disk encryption',
  shortTitle: 'Encryption',
  description:
    'The system drive is encrypted (BitLocker on Windows, FileVault on a Mac, LUKS on Linux), so nobody can read it if the device is lost or stolen.',
  factGroups: ['encryption'],
  settings: null,
  details: DiskEncryptionDetails,
});
