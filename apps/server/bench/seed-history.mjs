// Seeds a console database with a realistic fleet and its history, straight into SQLite:
// devices with findings from the real policy rules, one latest report each, 90 days of daily
// snapshots, status changes, and open alerts. Used by bench:api (and the paging tests' sizes).
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DEFAULT_POLICY, deviceStatus, evaluate } from '@safefleet/policy';
import { Facts } from '@safefleet/protocol';
import { databaseFile, openDatabase } from '../dist/index.js';
import { buildFacts } from './payload.mjs';

const DAY = 86_400_000;
const sha256 = (s) => createHash('sha256').update(s, 'utf8').digest('hex');

/** Device kinds of fleet, by share: what a real charity fleet looks like on a given day. */
function variant(i, nowMs) {
  const r = i % 20;
  const facts = buildFacts(i % 50, nowMs - 30 * 60_000);
  if (r < 3) {
    facts.apps.apps = [...facts.apps.apps, { name: 'Signal', id: 'signal-desktop', version: '7.1.0', source: 'dpkg' }];
    facts.encryption.volumes = [{ mount: '/', encrypted: false, isSystem: true }];
    return { facts, lastSeenMs: nowMs - 20 * 60_000 };
  }
  if (r === 3) return { facts, lastSeenMs: nowMs - 9 * DAY }; // stale
  if (r === 4) return { facts: null, lastSeenMs: null }; // enrolled, never reported
  if (r === 5) {
    facts.updates = { ...facts.updates, pendingCount: 3, securityPendingCount: 2, pending: [] };
    return { facts, lastSeenMs: nowMs - 40 * 60_000 };
  }
  return { facts, lastSeenMs: nowMs - (i % 55) * 60_000 };
}

export function seedFleet(dataDir, { devices = 10_000, days = 90, openAlerts = 0, now = new Date() } = {}) {
  const nowMs = now.getTime();
  const database = openDatabase(databaseFile(dataDir));
  const db = database.sqlite;
  const q = {
    device: db.prepare(`INSERT INTO devices (id, hostname, platform, secret_hash, agent_version, keeper_name, keeper_email, keeper_role,
      enrolled_at, last_seen_at, last_report_at, status, latest_report_id) VALUES (?, ?, 'linux', ?, '0.1.0', ?, ?, ?, ?, ?, ?, ?, ?)`),
    report: db.prepare('INSERT INTO reports (report_id, device_id, seq, collected_at, received_at, facts_json) VALUES (?, ?, ?, ?, ?, ?)'),
    finding: db.prepare(`INSERT INTO findings (device_id, control, status, reason, resolution, details_json, due_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
    snapshot: db.prepare('INSERT INTO daily_snapshots (day, device_id, status, findings_json, updated_at) VALUES (?, ?, ?, ?, ?)'),
    change: db.prepare('INSERT INTO status_changes (device_id, at, status, failing_json) VALUES (?, ?, ?, ?)'),
    alert: db.prepare(`INSERT INTO alerts (id, device_id, control, category, status, reason, resolution, details_json, opened_at, updated_at)
      VALUES (?, ?, ?, ?, 'open', ?, ?, NULL, ?, ?)`),
  };
  const ids = [];
  let alertsLeft = openAlerts;
  const controlsOf = (findings) => JSON.stringify(Object.fromEntries(findings.map((f) => [f.control, f.status])));
  const insertDevices = db.transaction((from, to) => {
    for (let i = from; i < to; i++) {
      const id = randomUUID();
      ids.push(id);
      const { facts, lastSeenMs } = variant(i, nowMs);
      const enrolled = new Date(nowMs - (days + 5) * DAY).toISOString();
      let status = 'notEvaluated';
      let reportId = null;
      let findings = [];
      if (facts) {
        const parsed = Facts.parse(facts);
        findings = evaluate(parsed, DEFAULT_POLICY, [], now, { deviceId: id, lastSeenAt: new Date(lastSeenMs) });
        status = deviceStatus(findings);
        reportId = randomUUID();
      }
      const seen = lastSeenMs ? new Date(lastSeenMs).toISOString() : null;
      const keeper = i % 3 === 0 ? null : [`Keeper ${i}`, `keeper${i}@example.org`, i % 2 ? 'youth worker' : 'office'];
      q.device.run(
        id,
        `laptop-${String(i).padStart(5, '0')}`,
        sha256(randomBytes(8).toString('hex')),
        keeper?.[0] ?? null,
        keeper?.[1] ?? null,
        keeper?.[2] ?? null,
        enrolled,
        seen,
        seen,
        status,
        reportId,
      );
      if (reportId) q.report.run(reportId, id, 2000, facts.collectedAt, seen, JSON.stringify(facts));
      for (const f of findings) {
        q.finding.run(id, f.control, f.status, f.reason, f.resolution, f.details ? JSON.stringify(f.details) : null, f.dueAt ?? null, seen);
      }
      const controls = controlsOf(findings);
      for (let d = days - 1; d >= 0; d--) {
        const day = new Date(nowMs - d * DAY).toISOString().slice(0, 10);
        const dayStatus = findings.length === 0 ? 'notEvaluated' : (d + i) % 30 === 0 ? 'noncompliant' : status;
        q.snapshot.run(day, id, dayStatus, controls, `${day}T23:00:00.000Z`);
      }
      for (let k = 0; k < 4 && findings.length; k++) {
        q.change.run(id, new Date(nowMs - (k * 20 + (i % 7)) * DAY).toISOString(), k % 2 ? 'noncompliant' : status, k % 2 ? '["os-updates"]' : '[]');
      }
      // Open alerts only where a check fails (the console resolves the others when it starts).
      if (alertsLeft > 0) {
        for (const control of findings.filter((f) => f.status === 'fail').map((f) => f.control)) {
          if (alertsLeft <= 0) break;
          alertsLeft--;
          const at = new Date(nowMs - (alertsLeft % 1000) * 60_000).toISOString();
          q.alert.run(
            randomUUID(),
            id,
            control,
            control === 'social-apps' ? 'safeguarding' : 'technical',
            `Bench alert ${openAlerts - alertsLeft} on laptop-${i}`,
            'Remove the app or record an exception.',
            at,
            at,
          );
        }
      }
    }
  });
  for (let i = 0; i < devices; i += 500) insertDevices(i, Math.min(devices, i + 500));
  db.exec('ANALYZE');
  database.close();
  return ids;
}
