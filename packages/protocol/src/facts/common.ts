import { z } from 'zod';

/** Every fact group says whether its collector worked, so a failure is visible, never silently empty. */
export const CollectorStatus = z.enum(['ok', 'error', 'unsupported']);
export type CollectorStatus = z.infer<typeof CollectorStatus>;

/** ISO-8601 timestamp with offset or Z, e.g. 2026-11-21T05:36:42.000Z. */
export const IsoDateTime = z.iso.datetime({ offset: true });

/** Bounds that keep one report small enough to store and evaluate. */
export const LIMITS = {
  maxApps: 20_000,
  maxAccounts: 500,
  maxProducts: 50,
  maxPendingUpdates: 5_000,
  maxVolumes: 100,
  maxScreenLockUsers: 100,
  maxString: 1_000,
  maxErrorMessage: 2_000,
  /** Largest WebSocket message either side accepts, in bytes. */
  maxMessageBytes: 8 * 1024 * 1024,
} as const;

export const ShortString = z.string().max(LIMITS.maxString);

/** Fields every fact group carries. `error` explains `error` and `unsupported` in plain words. */
export const groupBase = {
  status: CollectorStatus,
  error: z.string().max(LIMITS.maxErrorMessage).optional(),
};
