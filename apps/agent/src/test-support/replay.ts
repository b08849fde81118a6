/** Replay a bundle in-process: the facts and findings the captured machine would report. */
import { DEFAULT_POLICY, evaluate } from '@safefleet/policy';
import type { Facts, Finding } from '@safefleet/protocol';
import { collectAll } from '../collectors/index.js';
import { AGENT_VERSION } from '../version.js';
import type { BundleMeta } from '../exec/capture-format.js';
import { createReplayHost } from '../exec/replay-host.js';
import { loadBundle } from '../exec/replay-loader.js';

export interface Replayed {
  meta: BundleMeta;
  facts: Facts;
  findings: Finding[];
  /** What the collectors asked for that the bundle does not hold (see ReplayHost.misses). */
  misses: string[];
}

/**
 * Loads DIR, runs the real collectors over it at `now` (default: when it was captured) and
 * evaluates the default policy. Sets process.env.TZ to the bundle's zone, as the CLI does.
 */
export async function replayBundle(dir: string, opts: { now?: Date; stateDir?: string } = {}): Promise<Replayed> {
  const { meta, data } = await loadBundle(dir);
  if (meta.timeZone) process.env.TZ = meta.timeZone;
  const host = createReplayHost(data);
  const now = opts.now ?? new Date(meta.capturedAt);
  const facts = await collectAll({ host, agentVersion: AGENT_VERSION, now, ...(opts.stateDir ? { stateDir: opts.stateDir } : {}) });
  return { meta, facts, findings: evaluate(facts, DEFAULT_POLICY, [], now), misses: [...host.misses] };
}
