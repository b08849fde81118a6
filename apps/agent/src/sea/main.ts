/**
 * The single-file program's main script: packaging/dist-agent.mjs bundles this file as the SEA's
 * entry (the repository's ESM build never runs it). It only chooses a bundle (./assets.ts):
 * `run`, the long-running service, loads run.cjs, which holds only the connection, outbox,
 * scheduler and updater, with V8's code cache for it; every other command, and each collection
 * (a child process running `collect`), loads cli.cjs. So the idle agent never parses or keeps the
 * collectors, systeminformation, the install code or the console's API schemas
 * (docs/performance.md).
 */
import { loadCli, loadRun } from './assets.js';

if (process.argv[2] === 'run') loadRun().runCli();
else loadCli().runCli();
