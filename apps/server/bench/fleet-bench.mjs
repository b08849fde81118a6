#!/usr/bin/env node
// npm run bench:fleet -- --agents N --duration S
//
// Real WebSocket agents (simulator processes using `ws`, ~12 KB reports with 150 apps) against the
// real console process (`safefleet-server start`, built dist/), then the same payloads against a
// plain `ws` + better-sqlite3 baseline in the same run. Prints a human table and one JSON line.
//
// Phases against the console: (1) connect storm: every agent connects and says hello at once (the
// reconnect storm after a console restart); (2) hold: all agents stay connected for --duration s
// while reports arrive at --rate per second in total (ack p50/p99 measured here); (3) saturation:
// --sat-agents agents send back-to-back for --sat-seconds (max reports/s, CPU-ms per report). The
// baseline gets phase (3) with the same agents and payloads; ratio = console / baseline reports/s.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { seedDevices } from './seed.mjs';
import { forkWorker, freePort, machine, parseArgs, percentile, procFigures, round, startConsole, stopProcess, table } from './lib.mjs';

const opts = parseArgs(process.argv.slice(2), {
  agents: 1000,
  duration: 60,
  rate: 0, // 0: agents / 600 per second (hourly collection, time compressed 6x)
  workers: 4,
  satAgents: 64,
  satSeconds: 20,
  connectConcurrency: 256,
  keep: false,
  cpuProf: '', // a folder: the console runs under --cpu-prof and writes its profile there on exit
});
const rate = opts.rate > 0 ? opts.rate : Math.max(1, opts.agents / 600);
const WORKER = fileURLToPath(new URL('./sim-worker.mjs', import.meta.url));
const BASELINE = fileURLToPath(new URL('./baseline-server.mjs', import.meta.url));
const log = (m) => process.stderr.write(`[bench:fleet] ${m}\n`);

const dir = mkdtempSync(join(tmpdir(), 'safefleet-bench-fleet-'));
const children = [];
const cleanup = async () => {
  for (const c of children) await stopProcess(c, 'SIGKILL', 2000).catch(() => {});
  if (!opts.keep) rmSync(dir, { recursive: true, force: true });
};
process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));

function spawnWorkers(url, creds) {
  const workers = [];
  const per = Math.ceil(creds.length / opts.workers);
  for (let w = 0; w < opts.workers; w++) {
    const slice = creds.slice(w * per, (w + 1) * per);
    if (slice.length === 0) continue;
    // Several loopback source addresses, so 20,000+ sockets never run out of ephemeral ports.
    const worker = forkWorker(WORKER, { url, localAddress: `127.0.0.${1 + (w % 250)}` });
    children.push(worker.child);
    workers.push({ worker, slice });
  }
  return Promise.all(workers.map(async ({ worker, slice }) => (await worker.call('creds', { creds: slice }), worker)));
}

const all = (workers, cmd, args) => Promise.all(workers.map((w) => w.call(cmd, args)));
const sum = (rs, k) => rs.reduce((n, r) => n + (r[k] ?? 0), 0);

async function saturate(workers, pid) {
  const per = Math.max(1, Math.ceil(opts.satAgents / workers.length));
  const before = procFigures(pid);
  const rs = await all(workers, 'saturate', { count: per, seconds: opts.satSeconds });
  const after = procFigures(pid);
  const acked = sum(rs, 'ackedInWindow');
  const seconds = Math.max(...rs.map((r) => r.seconds));
  const lat = rs.flatMap((r) => r.latencies).sort((a, b) => a - b);
  return {
    reportsPerSec: acked / seconds,
    cpuMsPerReport: (after.cpuMs - before.cpuMs) / Math.max(1, sum(rs, 'acks')),
    cpuCores: (after.cpuMs - before.cpuMs) / 1000 / seconds,
    ackP50: percentile(lat, 50),
    ackP99: percentile(lat, 99),
    errors: sum(rs, 'errors'),
    errorSamples: rs.flatMap((r) => r.errorSamples).slice(0, 3),
    rssMiB: after.rssMiB,
  };
}

try {
  log(`seeding ${opts.agents} devices in ${dir}`);
  const creds = seedDevices(dir, opts.agents).map((c, i) => ({ ...c, seed: i }));
  const credsFile = join(dir, 'creds.json');
  writeFileSync(credsFile, JSON.stringify(creds));

  // ---- the console ----
  const port = await freePort();
  const consoleProc = await startConsole(dir, port, {}, opts.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProf}`] : []);
  children.push(consoleProc.child);
  const pid = consoleProc.child.pid;
  log(`console pid ${pid} on ${consoleProc.url}`);
  const workers = await spawnWorkers(consoleProc.url, creds);

  log(`connect storm: ${opts.agents} agents`);
  const c0 = procFigures(pid);
  const conn = await all(workers, 'connect', { concurrency: Math.ceil(opts.connectConcurrency / workers.length), timeoutMs: 60_000 });
  const storm = {
    held: sum(conn, 'ok'),
    timeouts: sum(conn, 'timeout'),
    errors: sum(conn, 'error') + sum(conn, 'closed'),
    seconds: Math.max(...conn.map((r) => r.ms)) / 1000,
    errorSamples: [...new Set(conn.flatMap((r) => r.connectErrorSamples))].slice(0, 5),
    cpuMs: procFigures(pid).cpuMs - c0.cpuMs,
  };
  log(`held ${storm.held} (${storm.timeouts} timeouts, ${storm.errors} errors) in ${round(storm.seconds)} s`);

  log(`hold: ${opts.duration} s at ${round(rate)} reports/s`);
  const h0 = procFigures(pid);
  const held = await all(workers, 'paced', { rate: rate / workers.length, seconds: opts.duration });
  const h1 = procFigures(pid);
  const holdLat = held.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const hold = {
    stillOpen: sum(held, 'open'),
    dropped: sum(held, 'dropped'),
    sent: sum(held, 'sent'),
    acks: sum(held, 'acks'),
    errors: sum(held, 'errors'),
    ackP50: percentile(holdLat, 50),
    ackP99: percentile(holdLat, 99),
    cpuCores: (h1.cpuMs - h0.cpuMs) / 1000 / opts.duration,
    rssMiB: h1.rssMiB,
    errorSamples: held.flatMap((r) => r.errorSamples).slice(0, 3),
  };
  log(`hold: ${hold.acks}/${hold.sent} acked, p50 ${round(hold.ackP50)} ms, p99 ${round(hold.ackP99)} ms`);
  if (hold.errors > 0) log(`hold: ${hold.errors} error replies; the console's last output:\n${consoleProc.output().slice(-2500)}`);

  log(`saturation: ${opts.satAgents} agents back-to-back for ${opts.satSeconds} s`);
  const sat = await saturate(workers, pid);
  log(`console: ${round(sat.reportsPerSec)} reports/s, ${round(sat.cpuMsPerReport, 2)} CPU-ms/report`);
  const peak = procFigures(pid);
  await all(workers, 'close');
  for (const w of workers) w.child.kill();
  await stopProcess(consoleProc.child);
  const stored = (() => {
    const db = new Database(join(dir, 'safefleet.db'), { readonly: true });
    try {
      return db.prepare('SELECT count(*) AS n FROM reports').get().n;
    } finally {
      db.close();
    }
  })();

  // ---- the baseline, same payloads, same simulator ----
  log('baseline: plain ws + better-sqlite3');
  const { fork } = await import('node:child_process');
  const base = fork(BASELINE, [dir, credsFile], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.push(base);
  const basePort = await new Promise((resolve, reject) => {
    base.once('message', (m) => resolve(m.port));
    base.once('exit', (code) => reject(new Error(`baseline exited ${code}`)));
  });
  const satCreds = creds.slice(0, Math.max(opts.satAgents, opts.workers));
  const bworkers = await spawnWorkers(`http://127.0.0.1:${basePort}`, satCreds);
  await all(bworkers, 'connect', { concurrency: 16, timeoutMs: 30_000 });
  const baseSat = await saturate(bworkers, base.pid);
  log(`baseline: ${round(baseSat.reportsPerSec)} reports/s, ${round(baseSat.cpuMsPerReport, 2)} CPU-ms/report`);
  await all(bworkers, 'close');
  for (const w of bworkers) w.child.kill();
  await stopProcess(base);

  const result = {
    bench: 'fleet',
    at: new Date().toISOString(),
    agents: opts.agents,
    held: storm.held,
    stillOpenAfterHold: hold.stillOpen,
    connectStormSeconds: round(storm.seconds),
    connectFailures: storm.timeouts + storm.errors,
    holdSeconds: opts.duration,
    holdRate: round(rate),
    holdAcked: hold.acks,
    holdSent: hold.sent,
    ackP50Ms: round(hold.ackP50),
    ackP99Ms: round(hold.ackP99),
    holdCpuCores: round(hold.cpuCores, 2),
    serverRssMiB: round(hold.rssMiB),
    serverPeakRssMiB: round(peak.hwmMiB),
    reportsPerSec: round(sat.reportsPerSec),
    cpuMsPerReport: round(sat.cpuMsPerReport, 2),
    satAckP99Ms: round(sat.ackP99),
    baselineReportsPerSec: round(baseSat.reportsPerSec),
    baselineCpuMsPerReport: round(baseSat.cpuMsPerReport, 2),
    ratio: round(sat.reportsPerSec / baseSat.reportsPerSec, 2),
    reportsStored: stored,
    errors: { connect: storm.errorSamples, hold: hold.errorSamples, saturation: sat.errorSamples },
    machine: machine(),
  };
  console.log(
    table([
      ['Agents held (connect storm)', `${result.held} / ${opts.agents}`, `${result.connectStormSeconds} s, ${result.connectFailures} failed`],
      ['Still connected after hold', result.stillOpenAfterHold],
      [
        `Hold: ${result.holdRate} reports/s for ${opts.duration} s`,
        `${hold.acks} / ${hold.sent} acked`,
        `p50 ${result.ackP50Ms} ms, p99 ${result.ackP99Ms} ms`,
      ],
      ['Console CPU while held', `${result.holdCpuCores} cores`],
      ['Console RSS while held / peak', `${result.serverRssMiB} / ${result.serverPeakRssMiB} MiB`],
      ['Console saturation', `${result.reportsPerSec} reports/s`, `${result.cpuMsPerReport} CPU-ms/report`],
      ['Baseline (ws + better-sqlite3)', `${result.baselineReportsPerSec} reports/s`, `${result.baselineCpuMsPerReport} CPU-ms/report`],
      ['Ratio console / baseline', result.ratio, '(goal >= 0.5)'],
    ]),
  );
  console.log(JSON.stringify(result));
} catch (err) {
  log(`failed: ${err?.stack ?? err}`);
  process.exitCode = 1;
} finally {
  await cleanup();
}
