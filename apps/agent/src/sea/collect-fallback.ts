/**
 * Stands in for ../collectors/index.js in the single-file program's run.cjs (a substitution made
 * by packaging/dist-agent.mjs): when the collection child cannot run at all, `run` collects in its
 * own process from the CLI bundle, as the repository build does from ../collectors.
 */
import type { Facts } from '@safefleet/protocol';
import type { CollectOptions } from '../collectors/index.js';
import { loadCli } from './assets.js';

export function collectAll(opts: CollectOptions): Promise<Facts> {
  return loadCli().collectAll(opts);
}
