import { z } from 'zod';
import { IsoDateTime, ShortString } from '../facts/common.js';
import { defineControl } from './control.js';

/** Computers: the pending updates the agent saw, and (once one waits) when the oldest must be in. */
const ComputerUpdatesDetails = z.object({
  securityPendingCount: z.number().int().nullable(),
  pendingCount: z.number().int().nullable(),
  lastInstalledAt: ShortString.nullable(),
  securityGraceDays: z.number().int(),
  oldestSince: IsoDateTime.nullable().optional(),
  ageDays: z.number().int().nullable().optional(),
  dueAt: IsoDateTime.optional(),
});

/** Tablets and phones: the reported version against the shipped table of current releases. */
const MobileUpdatesDetails = z.object({
  osVersion: ShortString.nullable(),
  securityPatch: ShortString.nullable(),
  /** Date of the shipped version table. */
  tableDate: ShortString,
  /** Android: age of the security patch level and the limit. */
  patchAgeDays: z.number().int().optional(),
  maxPatchAgeDays: z.number().int().optional(),
  /** Apple: the newest release of the device's major version. */
  latest: ShortString.optional(),
  latestReleasedAt: ShortString.optional(),
});

export const OsUpdatesDetails = z.union([ComputerUpdatesDetails, MobileUpdatesDetails]);
export type OsUpdatesDetails = z.infer<typeof OsUpdatesDetails>;

export const osUpdatesControl = defineControl({
  id: 'os-updates',
  title: 'Operating system updates',
  shortTitle: 'Updates',
  description:
    'No security updates are waiting to be installed, or they have been waiting no longer than the grace period (14 days by default). Past the grace period the device is not compliant.',
  factGroups: ['updates', 'os'],
  settings: {
    group: 'osUpdates',
    numbers: {
      securityGraceDays: { label: 'Security updates may wait at most', unit: 'days', min: 0, max: 365, default: 14 },
      maxPatchAgeDays: { label: 'Tablet and phone security patch level may be at most', unit: 'days old', min: 7, max: 365, default: 90 },
    },
  },
  details: OsUpdatesDetails,
});
