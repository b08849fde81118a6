/**
 * How many fuzz cases to run. `npm test` runs the default figures (about 24,000 cases in all);
 * `npm run test:fuzz` sets FUZZ_SCALE=10 (about 240,000). FUZZ_SEED replays a run.
 */
export const FUZZ_SCALE = Math.max(0.01, Number(process.env.FUZZ_SCALE ?? '1') || 1);
export const FUZZ_SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() ^ (process.pid << 8);

/** `base` cases scaled by FUZZ_SCALE. */
export function cases(base: number): number {
  return Math.max(1, Math.round(base * FUZZ_SCALE));
}

/** A test timeout that grows with the scale (the machine is loaded: generous). */
export function fuzzTimeout(baseMs: number): number {
  return Math.round(baseMs * Math.max(1, FUZZ_SCALE) * 1.5);
}

/** Prints one line of figures, e.g. "fuzz /ws/agent: 10,000 cases in 12.3 s (seed 123)". */
export function report(target: string, count: number, startedAt: number, extra = ''): void {
  const seconds = (performance.now() - startedAt) / 1000;
  console.log(
    `fuzz ${target}: ${count.toLocaleString('en-GB')} cases in ${seconds.toFixed(1)} s (seed ${FUZZ_SEED}, scale ${FUZZ_SCALE})${extra ? `; ${extra}` : ''}`,
  );
}
