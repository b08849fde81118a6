#!/usr/bin/env node
// Agent footprint on this machine: CPU and peak memory of a full collection (`collect --json`,
// run N times as a child process), and the steady memory of `run` connected to a real console on
// 127.0.0.1 once it has reported and settled. Prints a table against the targets.
//   npm run bench:agent [-- --runs 5 --settle 20 --idle 20]
// Needs the agent and server built (npm run build). Not a test: the figures depend on the machine.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, readdirSync } from 'node:fs';
import { cpus, hostname, platform, release, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { clkTck, idleFigures, median, MiB, spawnLogged, startConsole, tmp } from './measure.mjs';

const AGENT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SERVER = join(AGENT, '..', 'server');
const agentBin = join(AGENT, 'bin', 'safefleet-agent.js');
const serverBin = join(SERVER, 'bin', 'safefleet-server.js');
const probe = join(AGENT, 'bench', 'probe.mjs');
const TARGET = { rssMiB: 60, cpuS: 1.5 };

const { values: opt } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    settle: { type: 'string', default: '20' },
    idle: { type: 'string', default: '20' },
    // Node flags for the agent processes; by default the ones the installed service uses.
    'node-flags': { type: 'string' },
  },
});
const runs = Math.max(1, Number(opt.runs));
const settleS = Number(opt.settle);
const idleS = Number(opt.idle);

for (const [what, dist] of [
  ['agent', join(AGENT, 'dist', 'cli.js')],
  ['server', join(SERVER, 'dist', 'cli.js')],
]) {
  if (!existsSync(dist)) {
    console.error(`The ${what} is not built (${dist} is missing): run "npm run build" first.`);
    process.exit(1);
  }
}
const nodeFlags =
  opt['node-flags'] !== undefined
    ? opt['node-flags'].split(/\s+/).filter(Boolean)
    : [...(await import(join(AGENT, 'dist', 'collect-child.js'))).AGENT_NODE_FLAGS];
const newest = (dir) =>
  readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.includes('fixtures'))
    .map((f) => statSync(join(dir, f)).mtimeMs)
    .reduce((a, b) => Math.max(a, b), 0);
if (newest(join(AGENT, 'src')) > statSync(join(AGENT, 'dist', 'cli.js')).mtimeMs) {
  console.error('note: apps/agent/src has changes newer than dist/; run "npm run build" for current figures.\n');
}

/** One full collection in a fresh process: its own CPU, its commands' CPU, peak RSS, wall time. */
async function oneCollection(stateDir) {
  const out = join(tmp('sf-bench-probe-'), 'probe.json');
  const t0 = process.hrtime.bigint();
  const p = spawnLogged(process.execPath, [...nodeFlags, '--import', probe, agentBin, 'collect', '--json', '--state', stateDir], {
    SAFEFLEET_BENCH_OUT: out,
  });
  const code = await p.done;
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  if (code !== 0) throw new Error(`collect exited ${code}:\n${p.output().slice(-2000)}`);
  const s = JSON.parse(readFileSync(out, 'utf8'));
  const own = s.ticks ? (s.ticks.utime + s.ticks.stime) / clkTck : s.userS + s.sysS;
  const commands = s.ticks ? (s.ticks.cutime + s.ticks.cstime) / clkTck : 0;
  return { wallS, ownCpuS: own, commandsCpuS: commands, totalCpuS: own + commands, peakMiB: MiB(s.vmHwmKiB || s.maxRssKiB) };
}

/** `run` against a real console: RSS once the first report is acked and the process has settled. */
async function idleRun() {
  const console_ = await startConsole(serverBin);
  const state = tmp('sf-bench-run-');
  execFileSync(process.execPath, [agentBin, 'enroll', console_.token(), '--state', state], { stdio: 'ignore' });
  const idle = await idleFigures(spawnLogged(process.execPath, [...nodeFlags, agentBin, 'run', '--state', state]), { settleS, idleS });
  await console_.stop();
  return idle;
}

function machine() {
  const c = cpus();
  let distro = `${platform()} ${release()}`;
  try {
    distro = /^PRETTY_NAME="?([^"\n]+)/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? distro;
  } catch {
    /* not Linux */
  }
  return `${hostname()}: ${distro}, kernel ${release()}, ${c.length} × ${c[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, ${process.getuid?.() === 0 ? 'root' : 'not root'}`;
}

const rows = [];
const row = (measure, value, target = '', ratio = '') => rows.push([measure, value, target, ratio]);
const f2 = (x) => x.toFixed(2);

console.log(`Safefleet agent footprint\n${machine()}${nodeFlags.length ? `\nagent node flags: ${nodeFlags.join(' ')}` : ''}\n`);
const collections = [];
for (let i = 0; i < runs; i++) {
  collections.push(await oneCollection(tmp('sf-bench-state-')));
  process.stderr.write(`collection ${i + 1}/${runs}: ${f2(collections.at(-1).totalCpuS)} s CPU, ${collections.at(-1).peakMiB.toFixed(1)} MiB peak\n`);
}
const cpu = median(collections.map((c) => c.totalCpuS));
row(`Full collection: CPU, agent + its commands (median of ${runs})`, `${f2(cpu)} s`, `≤ ${TARGET.cpuS} s`, f2(cpu / TARGET.cpuS));
row(
  '  worst run',
  `${f2(Math.max(...collections.map((c) => c.totalCpuS)))} s`,
  `≤ ${TARGET.cpuS} s`,
  f2(Math.max(...collections.map((c) => c.totalCpuS)) / TARGET.cpuS),
);
row('  of which the agent (node) itself', `${f2(median(collections.map((c) => c.ownCpuS)))} s`);
row('  of which the commands it ran', `${f2(median(collections.map((c) => c.commandsCpuS)))} s`);
row('Full collection: peak RSS (VmHWM, median)', `${median(collections.map((c) => c.peakMiB)).toFixed(1)} MiB`);
row('Full collection: wall time (median)', `${f2(median(collections.map((c) => c.wallS)))} s`);

process.stderr.write(`idle: waiting for the first report, then ${settleS} s to settle and ${idleS} s of samples…\n`);
const idle = await idleRun();
row(
  `Idle run: steady RSS (median over ${idleS} s)`,
  `${idle.steadyMiB.toFixed(1)} MiB`,
  `≤ ${TARGET.rssMiB} MiB`,
  f2(idle.steadyMiB / TARGET.rssMiB),
);
row('  of which anonymous (heap, stacks) / file-backed (node and its libraries)', `${idle.anonMiB.toFixed(1)} / ${idle.fileMiB.toFixed(1)} MiB`);
row('  RSS right after the first report', `${idle.afterFirstMiB.toFixed(1)} MiB`);
row('  peak RSS of run (VmHWM, includes a collection)', `${idle.peakMiB.toFixed(1)} MiB`);
row(`  CPU while idle (${idleS} s)`, `${f2(idle.idleCpuS)} s`);

const widths = [0, 1, 2, 3].map((i) => Math.max(...[['Measure', 'Value', 'Target', 'Ratio'], ...rows].map((r) => r[i].length)));
const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('   ');
console.log(line(['Measure', 'Value', 'Target', 'Ratio']));
console.log(widths.map((w) => '-'.repeat(w)).join('   '));
for (const r of rows) console.log(line(r));
console.log('\nRatio = measured / target (≤ 1.00 meets it). MiB = 2^20 bytes. CPU = user + system seconds.');
