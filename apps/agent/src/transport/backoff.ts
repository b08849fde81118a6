export interface BackoffOptions {
  /** First retry waits up to this long. Default 1 s. */
  baseMs: number;
  /** No retry waits longer than this. Default 5 min. */
  capMs: number;
  /** A connection that stayed up this long resets the backoff. Default 60 s. */
  stableMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1_000, capMs: 5 * 60_000, stableMs: 60_000 };

/**
 * Exponential backoff with full jitter: a random wait between 0 and min(cap, base * 2^attempt).
 * Spreads reconnecting agents out after a console restart instead of all arriving at once.
 */
export function backoffDelay(attempt: number, opts: Pick<BackoffOptions, 'baseMs' | 'capMs'>, random: () => number = Math.random): number {
  const ceiling = Math.min(opts.capMs, opts.baseMs * 2 ** Math.min(Math.max(attempt, 0), 40));
  return Math.floor(random() * ceiling);
}

/** "850ms", "12s", "4m 30s" — for log lines. */
export function formatDelay(ms: number): string {
  if (ms < 1_000) return `${ms}ms`;
  const s = Math.round(ms / 1_000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return s % 60 === 0 ? `${m}m` : `${m}m ${s % 60}s`;
}
