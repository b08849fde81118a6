/**
 * `run` as the single-file program carries it (the SEA asset run.cjs, see ./assets.ts): the agent
 * module imported directly, so the bundle holds only what `run` uses, not the collectors, the other
 * commands or the console's API schemas (docs/performance.md).
 */
import { NotEnrolledError, runAgent } from '../agent.js';
import { runCli as runWith } from '../cli/main.js';
import { makeRunCommand } from '../cli/run.js';
import { AGENT_VERSION } from '../version.js';

/**
 * For the end-to-end test of a new version that crashes at start (tests/e2e/single-file-agent.test.ts):
 * `run` of the version named here exits at once, after `run --self-test` has passed, as a build
 * with a start-up bug would. Unset, or naming another version, it does nothing.
 */
export const CRASH_AT_START_ENV = 'SAFEFLEET_TEST_CRASH_AT_START';

export function runCli(): void {
  if (process.env[CRASH_AT_START_ENV] === AGENT_VERSION && !process.argv.includes('--self-test')) {
    process.stderr.write(`safefleet-agent ${AGENT_VERSION}: stopping at start (${CRASH_AT_START_ENV})\n`);
    process.exit(1);
  }
  runWith([makeRunCommand(async () => ({ runAgent, NotEnrolledError }))]);
}
