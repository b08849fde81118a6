/**
 * `run` as the single-file program carries it (the SEA asset run.cjs, see ./assets.ts): the agent
 * module imported directly, so the bundle holds only what `run` uses, not the collectors, the other
 * commands or the console's API schemas (docs/performance.md).
 */
import { NotEnrolledError, runAgent } from '../agent.js';
import { runCli as runWith } from '../cli/main.js';
import { makeRunCommand } from '../cli/run.js';

export function runCli(): void {
  runWith([makeRunCommand(async () => ({ runAgent, NotEnrolledError }))]);
}
