/**
 * The single-file program's main script: packaging/dist-agent.mjs bundles this file as the SEA's
 * entry (the repository's ESM build never runs it). It only chooses a bundle (./assets.ts):
 * `run`, the long-running service, loads run.cjs, which holds only the connection, outbox,
 * scheduler and updater, with V8's code cache for it; every other command, and each collection
 * (a child process running `collect`), loads cli.cjs. So the idle agent never parses or keeps the
 * collectors, systeminformation, the install code or the console's API schemas
 * (docs/performance.md).
 *
 * Before `run` loads, a version freshly installed by an update counts its start and, if it has
 * already failed to start too often, puts the previous program back (../update/start-guard.ts).
 */
import { resolveStateDir } from '../state/paths.js';
import { restartProgram } from '../update/restart.js';
import { guardStart } from '../update/start-guard.js';
import { AGENT_VERSION } from '../version.js';
import { loadCli, loadRun } from './assets.js';

/** `--state DIR` or `--state=DIR` among run's arguments. */
function stateFlag(args: readonly string[]): string | undefined {
  for (const [i, a] of args.entries()) {
    if (a === '--') return undefined;
    if (a === '--state') return args[i + 1];
    if (a.startsWith('--state=')) return a.slice('--state='.length);
  }
  return undefined;
}

function guard(args: readonly string[]): void {
  if (args.includes('--self-test') || args.includes('--help') || args.includes('-h')) return;
  const log = (m: string): void => void process.stdout.write(`${new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')} ${m}\n`);
  try {
    const r = guardStart({ stateDir: resolveStateDir(stateFlag(args)), program: process.execPath, version: AGENT_VERSION, log });
    if (r.action === 'restart') restartProgram(process.execPath);
  } catch (err) {
    // The guard must never be what stops the agent: run as if it were not there.
    log(`could not check the update state before starting: ${(err as Error).message}`);
  }
}

const [command, ...rest] = process.argv.slice(2);
if (command === 'run') {
  guard(rest);
  loadRun().runCli();
} else loadCli().runCli();
