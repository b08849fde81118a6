#!/usr/bin/env node
// `npm start [-- --data DIR --port P --host H --no-local-agent]`
// Builds everything, starts the console on embedded SQLite, and (unless --no-local-agent) enrols and
// runs an agent for this machine with its state under <data>/agent. Ctrl-C stops both.
// `npm start -- --demo`: the demo console instead (safefleet-server demo: a made-up fleet in ./data-demo, no local agent).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const serverBin = join(root, 'apps/server/bin/safefleet-server.js');
const agentBin = join(root, 'apps/agent/bin/safefleet-agent.js');

function parseArgs(argv) {
  const opts = { data: undefined, port: '8080', host: '127.0.0.1', publicUrl: undefined, localAgent: true, demo: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) fail(`${a} needs a value`);
      return v;
    };
    if (a === '--data') opts.data = value();
    else if (a === '--port') opts.port = value();
    else if (a === '--host') opts.host = value();
    else if (a === '--public-url') opts.publicUrl = value();
    else if (a === '--no-local-agent') opts.localAgent = false;
    else if (a === '--demo') opts.demo = true;
    else if (a === '--help' || a === '-h') {
      console.log('Usage: npm start [-- --data DIR] [--port 8080] [--host 127.0.0.1] [--public-url URL] [--no-local-agent] [--demo]');
      console.log('--demo: a made-up fleet of 40 devices with 90 days of history, in its own folder (default ./data-demo).');
      console.log('Off loopback (e.g. --host 0.0.0.0) the console serves HTTPS with a certificate kept in DIR/tls,');
      console.log('and --public-url defaults to https://<this host name>:<port>.');
      process.exit(0);
    } else fail(`unknown option ${a} (try --help)`);
  }
  if (!/^\d+$/.test(opts.port)) fail('--port must be a number');
  // The demo never shares a folder with a real console, and no agent for this machine joins it.
  if (opts.demo) opts.localAgent = false;
  opts.data = resolve(opts.data ?? (opts.demo ? 'data-demo' : 'data'));
  return opts;
}

function fail(message) {
  console.error(`npm start: ${message}`);
  process.exit(2);
}

function log(message) {
  console.log(`[start] ${message}`);
}

/** Pipe a child's output line by line with a prefix; call onLine for each stdout/stderr line. */
function follow(child, prefix, onLine) {
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (line) => {
      console.log(`${prefix} ${line}`);
      onLine?.(line);
    });
  }
}

function build() {
  log('building (first run takes a minute)...');
  const r = spawnSync('npx', ['turbo', 'run', 'build', '--output-logs=errors-only'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) fail('the build failed; see the errors above');
}

function runCli(bin, args) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) fail(`${args.slice(0, 2).join(' ')} failed: ${(r.stderr || r.stdout).trim()}`);
  return r.stdout.trim();
}

const opts = parseArgs(process.argv.slice(2));
// Plain HTTP only on loopback; anywhere else the console serves HTTPS (see safefleet-server help).
const loopback = opts.host === 'localhost' || opts.host === '::1' || /^127\./.test(opts.host);
const scheme = loopback ? 'http' : 'https';
if (!loopback && !opts.publicUrl) opts.publicUrl = `https://${hostname()}:${opts.port}`;
build();

const children = new Set();
let stopping = false;
function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const c of children) c.kill('SIGTERM');
  const timer = setTimeout(() => {
    for (const c of children) c.kill('SIGKILL');
    process.exit(code);
  }, 8000);
  timer.unref();
  const check = setInterval(() => {
    if ([...children].every((c) => c.exitCode !== null || c.signalCode !== null)) {
      clearInterval(check);
      process.exit(code);
    }
  }, 100);
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

const serverArgs = [
  opts.demo ? 'demo' : 'start',
  '--data',
  opts.data,
  '--port',
  opts.port,
  '--host',
  opts.host,
  ...(opts.publicUrl ? ['--public-url', opts.publicUrl] : []),
];
const server = spawn(process.execPath, [serverBin, ...serverArgs], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
children.add(server);
server.on('exit', (code) => {
  children.delete(server);
  if (!stopping) {
    log(`the console stopped (exit ${code}); stopping`);
    stopAll(code ?? 1);
  }
});

const bracket = (h) => (h.includes(':') ? `[${h}]` : h);
const url = `${scheme}://${bracket(opts.host)}:${opts.port}`;
// The local agent reaches the console over loopback; with HTTPS it pins the certificate all the same.
const anyAddress = opts.host === '0.0.0.0' || opts.host === '::';
const agentUrl = anyAddress ? `${scheme}://127.0.0.1:${opts.port}` : url;
let agentStarted = false;
follow(server, '[console]', (line) => {
  if (!agentStarted && line.includes('Safefleet console listening on')) {
    agentStarted = true;
    log(`console ready at ${opts.publicUrl ?? url}/ (sign in as ${opts.demo ? 'shown in the demo login above' : 'admin@localhost'})`);
    if (opts.localAgent) startLocalAgent();
    else log('local agent skipped (--no-local-agent)');
  }
});

function startLocalAgent() {
  const state = join(opts.data, 'agent');
  const enrolmentFile = join(state, 'enrolment.json');
  let enrolled = null;
  if (existsSync(enrolmentFile)) {
    try {
      enrolled = JSON.parse(readFileSync(enrolmentFile, 'utf8'));
    } catch {
      enrolled = null;
    }
  }
  // The certificate the console serves now (written at its start); a new one means enrolling again.
  let pin = null;
  try {
    pin = JSON.parse(readFileSync(join(opts.data, 'tls', 'pins.json'), 'utf8')).pin ?? null;
  } catch {
    pin = null;
  }
  const pinChanged = scheme === 'https' && pin !== null && enrolled?.pin !== pin && enrolled?.nextPin !== pin;
  if (enrolled?.url !== agentUrl || pinChanged) {
    const enrolment = runCli(serverBin, ['token', 'create', '--data', opts.data, '--uses', '1', '--expires', '1h', '--url', agentUrl]);
    const out = runCli(agentBin, ['enroll', enrolment, '--state', state, '--force']);
    log(out || 'local agent enrolled');
  }
  // The same V8 settings the installed service uses (apps/agent/src/collect-child.ts).
  const flags = ['--lite-mode', '--no-expose-wasm', '--max-semi-space-size=1', '--v8-pool-size=0'];
  const agent = spawn(process.execPath, [...flags, agentBin, 'run', '--state', state], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(agent);
  follow(agent, '[agent]');
  agent.on('exit', (code) => {
    children.delete(agent);
    if (!stopping) log(`the local agent stopped (exit ${code}); the console keeps running`);
  });
}
