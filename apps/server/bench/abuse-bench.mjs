// One device abuses the console (8 MB reports and 400 messages a second, reconnecting whenever it
// is closed) while a second device reports every 100 ms: prints the second device's ack latency
// (p50/p99) without and with the abuse, and what the abuser achieved. Figures: docs/performance.md.
//   npm run bench:abuse [-- --seconds 15]
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';
import { ADMIN_PASSWORD, freePort, machine, parseArgs, percentile, round, startConsole, stopProcess, table } from './lib.mjs';

const PROTOCOL_VERSION = 1;

function facts(apps = 20) {
  const now = new Date().toISOString();
  return {
    collectedAt: now,
    agentVersion: '0.1.0',
    os: { status: 'ok', platform: 'linux', distro: 'Debian GNU/Linux', release: '12', hostname: 'bench' },
    antivirus: { status: 'ok', products: [] },
    updates: { status: 'ok', pendingCount: 0, securityPendingCount: 0, source: 'apt', pending: [] },
    accounts: { status: 'ok', accounts: [] },
    apps: { status: 'ok', apps: Array.from({ length: apps }, (_, i) => ({ name: `app-${i}`, id: `app-${i}`, source: 'dpkg' })) },
    encryption: { status: 'ok', volumes: [] },
    screenLock: { status: 'ok', users: [] },
  };
}

function connect(wsUrl, auth) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl, { headers: { authorization: `Bearer ${auth}` }, maxPayload: 16 * 1024 * 1024 });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_q, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

if (!isMainThread) {
  // The abuser: 400 messages a second, every fourth one an 8 MB report, reconnecting when closed.
  const { wsUrl, auth, seconds } = workerData;
  const big = JSON.stringify({ type: 'report', reportId: randomUUID(), seq: 1, facts: { ...facts(0), pad: 'x'.repeat(8 * 1024 * 1024) } });
  const small = () => JSON.stringify({ type: 'report', reportId: randomUUID(), seq: 1, facts: facts(20) });
  const stats = { sent: 0, sentBytes: 0, acks: 0, errors: {}, closes: {}, refused: 0, connects: 0 };
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    let ws;
    try {
      ws = await connect(wsUrl, auth);
      stats.connects++;
    } catch (err) {
      stats.refused++;
      await new Promise((r) => setTimeout(r, 250));
      continue;
    }
    ws.on('message', (d) => {
      const m = JSON.parse(String(d));
      if (m.type === 'ack') stats.acks++;
      if (m.type === 'error') stats.errors[m.code] = (stats.errors[m.code] ?? 0) + 1;
    });
    const closed = new Promise((r) => ws.once('close', (code) => r(code)));
    ws.on('error', () => {});
    let open = true;
    closed.then(() => (open = false));
    let i = 0;
    while (open && Date.now() < end) {
      const text = i++ % 4 === 3 ? big : small();
      ws.send(text);
      stats.sent++;
      stats.sentBytes += text.length;
      await new Promise((r) => setTimeout(r, 2.5));
    }
    if (open) ws.close();
    const code = await closed;
    stats.closes[code] = (stats.closes[code] ?? 0) + 1;
  }
  parentPort.postMessage(stats);
} else {
  const opts = parseArgs(process.argv.slice(2), { seconds: 15, baseline: 5 });
  const dir = mkdtempSync(join(tmpdir(), 'safefleet-abuse-'));
  const port = await freePort();
  const { child, url } = await startConsole(dir, port);
  try {
    const headers = { 'content-type': 'application/json', origin: url };
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ email: 'admin@localhost', password: ADMIN_PASSWORD }),
    });
    if (!login.ok) throw new Error(`login: ${login.status} ${await login.text()}`);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const token = await (
      await fetch(`${url}/api/enrolment-tokens`, { method: 'POST', headers: { ...headers, cookie }, body: JSON.stringify({ uses: 2 }) })
    ).json();
    const tokenValue = JSON.parse(Buffer.from(token.enrolmentString.slice('SFE1.'.length), 'base64url').toString()).token;
    const enrol = async (hostname) => {
      const res = await fetch(`${url}/agent/enroll`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ token: tokenValue, hostname, platform: 'linux', agentVersion: '0.1.0' }),
      });
      if (!res.ok) throw new Error(`enroll: ${res.status} ${await res.text()}`);
      return res.json();
    };
    const [good, bad] = [await enrol('quiet-laptop'), await enrol('abuser')];
    const wsUrl = `${url.replace(/^http/, 'ws')}/ws/agent`;

    const ws = await connect(wsUrl, `${good.deviceId}.${good.deviceSecret}`);
    const waiting = new Map();
    ws.on('message', (d) => {
      const m = JSON.parse(String(d));
      if (m.type === 'ack') waiting.get(m.reportId)?.();
    });
    let seq = 0;
    const measure = async (seconds) => {
      const lat = [];
      const end = Date.now() + seconds * 1000;
      while (Date.now() < end) {
        const reportId = randomUUID();
        const t0 = performance.now();
        const acked = new Promise((r) => waiting.set(reportId, r));
        ws.send(JSON.stringify({ type: 'report', reportId, seq: ++seq, facts: facts(200) }));
        await Promise.race([acked, new Promise((r) => setTimeout(r, 10_000))]);
        waiting.delete(reportId);
        lat.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 100));
      }
      return lat.sort((a, b) => a - b);
    };
    const before = await measure(opts.baseline);
    const worker = new Worker(new URL(import.meta.url), {
      workerData: { wsUrl, auth: `${bad.deviceId}.${bad.deviceSecret}`, seconds: opts.seconds },
    });
    const abuserStats = new Promise((r) => worker.once('message', r));
    const during = await measure(opts.seconds);
    const abuser = await abuserStats;
    await worker.terminate();
    ws.close();
    const stored = await (await fetch(`${url}/api/devices/${bad.deviceId}`, { headers: { cookie } })).json();

    const fig = (l) => ({ n: l.length, p50: round(percentile(l, 50)), p99: round(percentile(l, 99)), max: round(l.at(-1)) });
    const result = {
      bench: 'abuse',
      machine: machine(),
      baseline: fig(before),
      underAbuse: fig(during),
      abuser: { ...abuser, sentMiB: round(abuser.sentBytes / 2 ** 20) },
      abuserStatus: stored.status,
    };
    console.log(JSON.stringify(result));
    console.log(
      table([
        ['second device ack, no abuse', `p50 ${result.baseline.p50} ms`, `p99 ${result.baseline.p99} ms (n=${result.baseline.n})`],
        [
          'second device ack, under abuse',
          `p50 ${result.underAbuse.p50} ms`,
          `p99 ${result.underAbuse.p99} ms (n=${result.underAbuse.n}, max ${result.underAbuse.max} ms)`,
        ],
        ['abuser sent', `${abuser.sent} msgs`, `${result.abuser.sentMiB} MiB over ${opts.seconds} s`],
        [
          'abuser acked',
          `${abuser.acks}`,
          `errors ${JSON.stringify(abuser.errors)}, closes ${JSON.stringify(abuser.closes)}, refused upgrades ${abuser.refused}`,
        ],
      ]),
    );
  } finally {
    await stopProcess(child);
    rmSync(dir, { recursive: true, force: true });
  }
}
