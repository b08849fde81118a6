#!/usr/bin/env node
// The single-file program (npm run dist:agent) side by side with `node bin/safefleet-agent.js`
// (dist/ from a repository), both with the lean V8 settings the service uses: file size, start-up
// time (`--version`), CPU per full collection (agent + its commands, /usr/bin/time), and idle RSS of
// `run` connected to a real console on 127.0.0.1. Prints one JSON line and a table.
// The program is first copied into a temporary folder the way `install` copies it (fs.copyFile):
// that is the file a device runs, and how a file was written changes how much of it the kernel maps
// (docs/performance.md, "Single-file agent program").
//   npm run bench:agent [-- --program dist/agent/safefleet-agent-linux-x64 --runs 5 --settle 20 --idle 20 --https]
// --https: the console serves HTTPS (self-signed, pinned), as every console off loopback does.
// Linux only (reads /proc). Not a test: the figures depend on the machine.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { idleFigures, median, spawnLogged, startConsole, tmp } from './measure.mjs';

const AGENT = join(dirname(fileURLToPath(import.meta.url)), '..');
const ROOT = resolve(AGENT, '../..');
const agentBin = join(AGENT, 'bin', 'safefleet-agent.js');
const serverBin = join(ROOT, 'apps/server/bin/safefleet-server.js');
const FLAGS = ['--lite-mode', '--no-expose-wasm', '--max-semi-space-size=1', '--v8-pool-size=0'];
const GOAL_RSS_MIB = 50;

const { values: opt } = parseArgs({
  options: {
    program: { type: 'string', default: join(ROOT, 'dist/agent/safefleet-agent-linux-x64') },
    runs: { type: 'string', default: '5' },
    settle: { type: 'string', default: '20' },
    idle: { type: 'string', default: '20' },
    https: { type: 'boolean', default: false },
  },
});
const program = resolve(opt.program);
if (process.platform !== 'linux') {
  console.error('bench: the single-file comparison reads /proc and runs on Linux only.');
  process.exit(0);
}
if (!existsSync(program)) {
  console.error(`bench: ${program} is missing: run "npm run dist:agent -- --targets linux-x64" first (single-file figures skipped).`);
  process.exit(0);
}
const TIME = ['/usr/bin/time', '/bin/time'].find((p) => existsSync(p));

// The program as a device has it: copied by `install` (see the header).
const installed = join(tmp('sf-bench-installed-'), 'safefleet-agent');
copyFileSync(program, installed);
chmodSync(installed, 0o755);

const variants = {
  'single file': { file: installed, lead: [`--node-options=${FLAGS.join(' ')}`], plain: [] },
  'node dist/': { file: process.execPath, lead: [...FLAGS, agentBin], plain: [agentBin] },
};

function startupMs(v) {
  const times = [];
  for (let i = 0; i < Number(opt.runs); i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(v.file, [...v.plain, '--version'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`--version failed: ${r.stderr}`);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(times);
}

/** CPU (user + system, the agent and every command it ran) and peak RSS of `collect --json`. */
function collection(v) {
  if (!TIME) return { cpuS: NaN, peakMiB: NaN };
  const state = tmp('sf-bench-sf-');
  const runs = [];
  for (let i = 0; i < Number(opt.runs); i++) {
    const r = spawnSync(TIME, ['-f', '%U %S %M', v.file, ...v.lead, 'collect', '--json', '--state', state], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const [u, s, m] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
    runs.push({ cpuS: u + s, peakMiB: m / 1024 });
  }
  return { cpuS: median(runs.map((r) => r.cpuS)), peakMiB: median(runs.map((r) => r.peakMiB)) };
}

async function idle(v, console_) {
  const state = tmp('sf-bench-sf-run-');
  execFileSync(v.file, [...v.plain, 'enroll', console_.token(), '--state', state], { stdio: 'ignore' });
  const r = await idleFigures(spawnLogged(v.file, [...v.lead, 'run', '--state', state]), { settleS: Number(opt.settle), idleS: Number(opt.idle) });
  return { rssMiB: r.steadyMiB, anonMiB: r.anonMiB, fileMiB: r.fileMiB, idleCpuS: r.idleCpuS };
}

const console_ = await startConsole(serverBin, { https: opt.https });
const results = {};
for (const [name, v] of Object.entries(variants)) {
  const size = name === 'single file' ? statSync(program).size : statSync(process.execPath).size;
  results[name] = { sizeMiB: size / 2 ** 20, startupMs: startupMs(v), ...collection(v), ...(await idle(v, console_)) };
}
await console_.stop();

console.log(JSON.stringify({ bench: 'agent-single-file', program, console: opt.https ? 'https' : 'http', node: process.version, results }));
const f = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
const rows = [
  ['Measure', 'single file', 'node dist/', 'Goal'],
  ['File size (MiB)', f(results['single file'].sizeMiB), `${f(results['node dist/'].sizeMiB)} (node) + repository`, ''],
  ['Start-up, --version (ms, median)', f(results['single file'].startupMs, 0), f(results['node dist/'].startupMs, 0), ''],
  ['CPU per collection, with its commands (s)', f(results['single file'].cpuS, 2), f(results['node dist/'].cpuS, 2), ''],
  ['Peak RSS of a collection (MiB)', f(results['single file'].peakMiB), f(results['node dist/'].peakMiB), ''],
  ['Idle RSS of run (MiB, median)', f(results['single file'].rssMiB), f(results['node dist/'].rssMiB), `≤ ${GOAL_RSS_MIB}`],
  [
    '  anonymous / file-backed (MiB)',
    `${f(results['single file'].anonMiB)} / ${f(results['single file'].fileMiB)}`,
    `${f(results['node dist/'].anonMiB)} / ${f(results['node dist/'].fileMiB)}`,
    '',
  ],
  ['CPU while idle (s over the sample)', f(results['single file'].idleCpuS, 2), f(results['node dist/'].idleCpuS, 2), ''],
];
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
console.log(
  `\nSingle-file program vs node dist/ (lean V8 flags for both; ${opt.https ? 'HTTPS' : 'plain HTTP'} console), Node ${process.version} here, runtime in the program: see manifest.json`,
);
for (const [i, r] of rows.entries()) {
  console.log(r.map((c, j) => c.padEnd(widths[j])).join('   '));
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('   '));
}
