#!/usr/bin/env node
// npm run bench:api -- [--devices 10000] [--days 90] [--duration 70]
//
// REST figures of the real console process on a database seeded straight into SQLite with a
// realistic fleet: --devices devices × --days days of daily snapshots, findings from the real
// policy rules, one latest report each (≈12 KB of facts), status changes and open alerts. Requests
// are sent one after another for --duration seconds (long enough to include a run of the
// every-minute check-in job) as a signed-in admin. Prints a table and one JSON line.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_PASSWORD, freePort, machine, parseArgs, percentile, procFigures, round, startConsole, stopProcess, table } from './lib.mjs';
import { seedFleet } from './seed-history.mjs';

const opts = parseArgs(process.argv.slice(2), { devices: 10_000, days: 90, duration: 70, openAlerts: 3000, pageSize: 50, keep: false });
const log = (m) => process.stderr.write(`[bench:api] ${m}\n`);
const dir = mkdtempSync(join(tmpdir(), 'safefleet-bench-api-'));
let consoleProc;

async function timed(url, cookie) {
  const t0 = performance.now();
  const res = await fetch(url, { headers: { cookie } });
  const body = await res.arrayBuffer();
  const ms = performance.now() - t0;
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${Buffer.from(body).toString().slice(0, 200)}`);
  return { ms, bytes: body.byteLength, json: () => JSON.parse(Buffer.from(body).toString()) };
}

try {
  log(`seeding ${opts.devices} devices × ${opts.days} days in ${dir}`);
  const t0 = performance.now();
  seedFleet(dir, { devices: opts.devices, days: opts.days, openAlerts: opts.openAlerts });
  const dbBytes = statSync(join(dir, 'safefleet.db')).size;
  log(`seeded in ${round((performance.now() - t0) / 1000)} s, database ${round(dbBytes / 2 ** 20)} MiB`);

  consoleProc = await startConsole(dir, await freePort());
  const base = consoleProc.url;
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@localhost', password: ADMIN_PASSWORD }),
  });
  if (!login.ok) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');

  // Consoles before paging answered only the whole list at /api/devices (measured the same way).
  const paged = (await fetch(`${base}/api/devices/page?limit=1`, { headers: { cookie } })).ok;
  const devices = paged ? '/api/devices/page' : '/api/devices';
  const alerts = paged ? '/api/alerts/page' : '/api/alerts';
  const endpoints = {
    summary: () => `${base}/api/fleet/summary`,
    devicesPage: (i) => `${base}${devices}?limit=${opts.pageSize}&offset=${(i * opts.pageSize) % opts.devices}`,
    devicesFiltered: () => `${base}${devices}?limit=${opts.pageSize}&status=noncompliant&sort=lastSeenAt&order=desc`,
    devicesSearch: (i) => `${base}${devices}?limit=${opts.pageSize}&q=laptop-0${i % 10}`,
    alertsPage: (i) => `${base}${alerts}?status=open&limit=${opts.pageSize}&offset=${(i * opts.pageSize) % Math.max(1, opts.openAlerts)}`,
  };
  const samples = Object.fromEntries(Object.keys(endpoints).map((k) => [k, []]));
  const bytes = {};
  // Warm-up: one of each.
  for (const [k, f] of Object.entries(endpoints)) bytes[k] = (await timed(f(0), cookie)).bytes;
  const first = (await timed(endpoints.devicesPage(0), cookie)).json();
  const alertsFirst = (await timed(endpoints.alertsPage(0), cookie)).json();
  const cpu0 = procFigures(consoleProc.child.pid);
  const end = Date.now() + opts.duration * 1000;
  let i = 0;
  log(`timing requests for ${opts.duration} s`);
  while (Date.now() < end) {
    for (const [k, f] of Object.entries(endpoints)) samples[k].push((await timed(f(i), cookie)).ms);
    i++;
    await new Promise((r) => setTimeout(r, 20));
  }
  const cpu1 = procFigures(consoleProc.child.pid);

  const fig = {};
  for (const [k, list] of Object.entries(samples)) {
    const s = [...list].sort((a, b) => a - b);
    fig[k] = { n: s.length, p50: round(percentile(s, 50)), p95: round(percentile(s, 95)), max: round(s.at(-1)), bytes: bytes[k] };
  }
  const result = {
    bench: 'api',
    at: new Date().toISOString(),
    devices: opts.devices,
    days: opts.days,
    databaseMiB: round(dbBytes / 2 ** 20),
    summaryP50Ms: fig.summary.p50,
    summaryP95Ms: fig.summary.p95,
    devicesPageP50Ms: fig.devicesPage.p50,
    devicesPageP95Ms: fig.devicesPage.p95,
    devicesPaged: paged,
    devicesPageBytes: fig.devicesPage.bytes,
    devicesTotal: paged ? first.total : first.length,
    openAlertsSeeded: opts.openAlerts,
    openAlertsReported: Array.isArray(alertsFirst) ? alertsFirst.length : alertsFirst.total,
    endpoints: fig,
    serverRssMiB: round(cpu1.rssMiB),
    serverCpuCores: round((cpu1.cpuMs - cpu0.cpuMs) / 1000 / opts.duration, 2),
    machine: machine(),
  };
  console.log(
    table([
      ['Endpoint', 'p50 / p95 / max ms', 'response bytes, requests'],
      ...Object.entries(fig).map(([k, f]) => [k, `${f.p50} / ${f.p95} / ${f.max}`, `${f.bytes} B, n=${f.n}`]),
      ['Devices in the answer (total)', result.devicesTotal, paged ? 'paged' : 'NOT paged: whole list'],
      ['Open alerts seeded / reported', `${opts.openAlerts} / ${result.openAlertsReported}`],
      ['Goals', 'summary p95 <= 50 ms', 'devices page p95 <= 100 ms'],
    ]),
  );
  console.log(JSON.stringify(result));
} catch (err) {
  log(`failed: ${err?.stack ?? err}`);
  process.exitCode = 1;
} finally {
  if (consoleProc) await stopProcess(consoleProc.child);
  if (!opts.keep) rmSync(dir, { recursive: true, force: true });
}
