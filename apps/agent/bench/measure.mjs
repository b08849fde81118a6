// What the agent benches share (agent-footprint.mjs, single-file.mjs): temporary folders and child
// processes that are removed/stopped at exit, /proc readings, a real console on 127.0.0.1, and the
// idle sampling of a running `safefleet-agent run`. Linux only (reads /proc).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const temp = [];
const children = new Set();
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of temp) rmSync(d, { recursive: true, force: true });
});
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => process.exit(130));

/** A temporary folder, removed at exit. */
export function tmp(prefix) {
  const d = mkdtempSync(join(tmpdir(), prefix));
  temp.push(d);
  return d;
}

export const clkTck = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100;
  } catch {
    return 100;
  }
})();

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
export const MiB = (kib) => kib / 1024;

/** Start a process, collecting its output; killed at exit if still running. */
export function spawnLogged(file, args, env = {}) {
  const child = spawn(file, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const done = new Promise((resolve) =>
    child.on('exit', (code) => {
      children.delete(child);
      resolve(code);
    }),
  );
  return { child, done, output: () => output };
}

export async function waitFor(proc, re, ms, what) {
  const end = Date.now() + ms;
  while (!re.test(proc.output())) {
    if (Date.now() > end || proc.child.exitCode !== null) throw new Error(`${what} did not happen in ${ms / 1000} s:\n${proc.output().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** RSS (and its anonymous and file-backed parts), peak RSS in KiB, and CPU seconds of a process. */
export function procStatus(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (k) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? Number.NaN);
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return { rssKiB: kib('VmRSS'), anonKiB: kib('RssAnon'), fileKiB: kib('RssFile'), hwmKiB: kib('VmHWM'), cpuS: (+f[11] + +f[12]) / clkTck };
}

/**
 * A real console on a random 127.0.0.1 port, with an enrolment token maker. `https`: the console
 * serves HTTPS with its self-signed certificate (the enrolment string carries its pin), as every
 * console off loopback does.
 */
export async function startConsole(serverBin, { https = false } = {}) {
  const data = tmp('sf-bench-console-');
  const port = 40000 + Math.floor(Math.random() * 20000);
  const url = `${https ? 'https' : 'http'}://127.0.0.1:${port}`;
  const args = [serverBin, 'start', '--port', String(port), '--host', '127.0.0.1', '--data', data, ...(https ? ['--https'] : [])];
  const server = spawnLogged(process.execPath, args, {
    SAFEFLEET_ADMIN_PASSWORD: 'bench-password-not-secret',
  });
  await waitFor(server, /Safefleet console listening on/, 60_000, 'console start');
  return {
    url,
    token: () =>
      execFileSync(process.execPath, [serverBin, 'token', 'create', '--data', data, '--uses', '1', '--url', url], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim(),
    stop: async () => {
      server.child.kill('SIGTERM');
      await server.done;
    },
  };
}

/**
 * A running `run` (only this process, not the collection children it starts now and then: the
 * figure is what the agent keeps between collections): wait for the first acked report, let it
 * settle, then sample RSS once a second. Stops the agent.
 */
export async function idleFigures(agent, { settleS, idleS }) {
  await waitFor(agent, /acked seq 1\b/, 120_000, 'first report acked');
  const afterFirst = procStatus(agent.child.pid);
  await new Promise((r) => setTimeout(r, settleS * 1000));
  const samples = [];
  const cpu0 = procStatus(agent.child.pid).cpuS;
  for (let i = 0; i < idleS; i++) {
    samples.push(procStatus(agent.child.pid));
    await new Promise((r) => setTimeout(r, 1000));
  }
  const end = procStatus(agent.child.pid);
  agent.child.kill('SIGTERM');
  await agent.done;
  return {
    afterFirstMiB: MiB(afterFirst.rssKiB),
    steadyMiB: MiB(median(samples.map((s) => s.rssKiB))),
    anonMiB: MiB(median(samples.map((s) => s.anonKiB))),
    fileMiB: MiB(median(samples.map((s) => s.fileKiB))),
    maxMiB: MiB(Math.max(...samples.map((s) => s.rssKiB))),
    peakMiB: MiB(end.hwmKiB),
    idleCpuS: end.cpuS - cpu0,
  };
}
