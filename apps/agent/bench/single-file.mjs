#!/usr/bin/env node
// The single-file program (npm run dist:agent) side by side with `node bin/safefleet-agent.js`
// (dist/ from a repository), both with the lean V8 settings the service uses: file size, start-up
// time (`--version`), CPU per full collection (agent + its commands, /usr/bin/time), and idle RSS of
// `run` connected to a real console on 127.0.0.1. Prints one JSON line and a table.
//   npm run bench:agent [-- --program dist/agent/safefleet-agent-linux-x64 --runs 5 --settle 20 --idle 20]
// Linux only (reads /proc). Not a test: the figures depend on the machine.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

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

const temp = [];
const tmp = (p) => {
  const d = mkdtempSync(join(tmpdir(), p));
  temp.push(d);
  return d;
};
const children = new Set();
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  for (const d of temp) rmSync(d, { recursive: true, force: true });
});
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const clkTck = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100;

const variants = {
  'single file': { file: program, lead: [`--node-options=${FLAGS.join(' ')}`], plain: [] },
  'node dist/': { file: process.execPath, lead: [...FLAGS, agentBin], plain: [agentBin] },
};

function spawnLogged(file, args) {
  const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const done = new Promise((r) =>
    child.on('exit', (c) => {
      children.delete(child);
      r(c);
    }),
  );
  return { child, done, output: () => output };
}
async function waitFor(p, re, ms, what) {
  const end = Date.now() + ms;
  while (!re.test(p.output())) {
    if (Date.now() > end || p.child.exitCode !== null) throw new Error(`${what} did not happen in ${ms / 1000} s:\n${p.output().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
function procStatus(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (k) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return { rssKiB: kib('VmRSS'), cpuS: (+f[11] + +f[12]) / clkTck };
}

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

async function idle(v, consoleData, url) {
  const token = execFileSync(process.execPath, [serverBin, 'token', 'create', '--data', consoleData, '--uses', '1', '--url', url], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).trim();
  const state = tmp('sf-bench-sf-run-');
  execFileSync(v.file, [...v.plain, 'enroll', token, '--state', state], { stdio: 'ignore' });
  const agent = spawnLogged(v.file, [...v.lead, 'run', '--state', state]);
  await waitFor(agent, /acked seq 1\b/, 120_000, 'first report acked');
  await new Promise((r) => setTimeout(r, Number(opt.settle) * 1000));
  const cpu0 = procStatus(agent.child.pid).cpuS;
  const samples = [];
  for (let i = 0; i < Number(opt.idle); i++) {
    samples.push(procStatus(agent.child.pid).rssKiB / 1024);
    await new Promise((r) => setTimeout(r, 1000));
  }
  const cpu = procStatus(agent.child.pid).cpuS - cpu0;
  agent.child.kill('SIGTERM');
  await agent.done;
  return { rssMiB: median(samples), idleCpuS: cpu };
}

const data = tmp('sf-bench-sf-console-');
const port = 40000 + Math.floor(Math.random() * 20000);
const url = `http://127.0.0.1:${port}`;
const server = spawnLogged(process.execPath, [serverBin, 'start', '--port', String(port), '--host', '127.0.0.1', '--data', data]);
await waitFor(server, /Safefleet console listening on/, 60_000, 'console start');

const results = {};
for (const [name, v] of Object.entries(variants)) {
  const size = name === 'single file' ? statSync(program).size : statSync(process.execPath).size;
  results[name] = { sizeMiB: size / 2 ** 20, startupMs: startupMs(v), ...collection(v), ...(await idle(v, data, url)) };
}
server.child.kill('SIGTERM');
await server.done;

console.log(JSON.stringify({ bench: 'agent-single-file', program, node: process.version, results }));
const f = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
const rows = [
  ['Measure', 'single file', 'node dist/', 'Goal'],
  ['File size (MiB)', f(results['single file'].sizeMiB), `${f(results['node dist/'].sizeMiB)} (node) + repository`, ''],
  ['Start-up, --version (ms, median)', f(results['single file'].startupMs, 0), f(results['node dist/'].startupMs, 0), ''],
  ['CPU per collection, with its commands (s)', f(results['single file'].cpuS, 2), f(results['node dist/'].cpuS, 2), ''],
  ['Peak RSS of a collection (MiB)', f(results['single file'].peakMiB), f(results['node dist/'].peakMiB), ''],
  ['Idle RSS of run (MiB, median)', f(results['single file'].rssMiB), f(results['node dist/'].rssMiB), `≤ ${GOAL_RSS_MIB}`],
  ['CPU while idle (s over the sample)', f(results['single file'].idleCpuS, 2), f(results['node dist/'].idleCpuS, 2), ''],
];
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
console.log(`\nSingle-file program vs node dist/ (lean V8 flags for both), Node ${process.version} here, runtime in the program: see manifest.json`);
for (const [i, r] of rows.entries()) {
  console.log(r.map((c, j) => c.padEnd(widths[j])).join('   '));
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('   '));
}
