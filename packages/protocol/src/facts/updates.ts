import { z } from 'zod';
import { groupBase, IsoDateTime, LIMITS, ShortString } from './common.js';

export const PendingUpdate = z.object({
  name: ShortString,
  version: ShortString.optional(),
  security: z.boolean(),
  /** When this device first saw the update pending (kept by the agent across collections). */
  firstSeenAt: IsoDateTime.optional(),
});
export type PendingUpdate = z.infer<typeof PendingUpdate>;

export const UpdatesFacts = z.object({
  ...groupBase,
  /** null = could not be read (see status/error). */
  pendingCount: z.number().int().nonnegative().nullable().default(null),
  securityPendingCount: z.number().int().nonnegative().nullable().default(null),
  /** Last time OS updates were installed successfully. */
  lastInstalledAt: IsoDateTime.nullable().default(null),
  /** Earliest firstSeenAt among pending security updates: how long the oldest one has waited. */
  oldestSecurityPendingSince: IsoDateTime.nullable().optional(),
  /** Update manager the facts came from: apt, dnf, windows-update, softwareupdate. */
  source: ShortString.optional(),
  pending: z.array(PendingUpdate).max(LIMITS.maxPendingUpdates).default([]),
});
export type UpdatesFacts = z.infer<typeof UpdatesFacts>;
