/**
 * How this agent is running: as a single-file program (a Node single executable application built
 * by `npm run dist:agent`, see packaging/) or as `node bin/safefleet-agent.js` from a repository,
 * and how to start another copy of it (collection children, the service) with lean V8 settings.
 */
import { createRequire } from 'node:module';

/**
 * V8 settings for `run` and its collection children (the installed service uses them too): a mostly
 * idle background job needs no optimising compiler, no big young heap and no compiler threads.
 * --no-expose-wasm goes with --lite-mode (which cannot run wasm anyway) and keeps V8 from warning;
 * it also removes fetch(), which only `enroll` uses, and that runs without these flags.
 * Measured in docs/performance.md.
 */
export const AGENT_NODE_FLAGS = ['--lite-mode', '--no-expose-wasm', '--max-semi-space-size=1', '--v8-pool-size=0'] as const;

let sea: boolean | undefined;

/** True inside a single-file program. */
export function isSingleFile(): boolean {
  if (sea === undefined) {
    try {
      // node:sea exists from Node 20; createRequire keeps this working in the ESM build and the bundle.
      const req = createRequire(process.execPath);
      sea = (req('node:sea') as { isSea(): boolean }).isSea();
    } catch {
      sea = false;
    }
  }
  return sea;
}

/**
 * The leading arguments that start the agent's CLI with AGENT_NODE_FLAGS. A single-file program
 * takes Node options through its own `--node-options=` first argument (execArgvExtension "cli" in
 * packaging/sea-config); from a repository it is node, the flags, then the bin script.
 */
export function agentLaunchArgs(program: { node: string; bin: string | null }): string[] {
  return program.bin === null ? [program.node, `--node-options=${AGENT_NODE_FLAGS.join(' ')}`] : [program.node, ...AGENT_NODE_FLAGS, program.bin];
}
