const UNITS = { s: 1_000, m: 60_000, h: 3_600_000 } as const;

/**
 * Parse a duration such as "10s", "5m" or "2h" into milliseconds.
 * Throws an Error with a plain message for anything else.
 */
export function parseDuration(text: string): number {
  const m = /^\s*(\d+)\s*([smh])\s*$/i.exec(text);
  if (!m) throw new Error(`"${text}" is not a duration: use a whole number followed by s, m or h (for example 10s, 5m, 2h)`);
  const ms = Number(m[1]) * UNITS[m[2]!.toLowerCase() as keyof typeof UNITS];
  if (ms < 1_000) throw new Error(`"${text}" is too short: the shortest interval is 1s`);
  if (ms > 7 * 24 * UNITS.h) throw new Error(`"${text}" is too long: the longest interval is 168h`);
  return ms;
}

/** 600000 → "10m", 5400000 → "90m", 7200000 → "2h", 10000 → "10s". */
export function formatDuration(ms: number): string {
  if (ms % UNITS.h === 0) return `${ms / UNITS.h}h`;
  if (ms % UNITS.m === 0) return `${ms / UNITS.m}m`;
  return `${Math.round(ms / 1_000)}s`;
}
