// Realistic agent facts for the benchmarks: ~11 KB per report, 150 apps, valid against the protocol.
import { randomUUID } from 'node:crypto';

const DAY = 86_400_000;
const iso = (ms) => new Date(ms).toISOString();

const VENDORS = ['gnome', 'kde', 'mozilla', 'libreoffice', 'python3', 'lib', 'fonts', 'xserver', 'gstreamer1.0', 'printer-driver'];

/** 150 installed apps, stable per device (`seed`), with realistic names, ids and versions. */
export function buildApps(seed = 0, count = 150) {
  const apps = [];
  for (let i = 0; i < count; i++) {
    const v = VENDORS[(i + seed) % VENDORS.length];
    const id = `${v}-${String(i).padStart(3, '0')}`;
    apps.push({ name: id, id, version: `${1 + (i % 9)}.${(i * 7) % 31}.${(seed + i) % 17}`, source: 'dpkg' });
  }
  return apps;
}

/** Facts of a compliant Debian laptop (the shape the real Linux collectors produce). */
export function buildFacts(seed = 0, nowMs = Date.now()) {
  return {
    collectedAt: iso(nowMs),
    agentVersion: '0.1.0',
    os: { status: 'ok', platform: 'linux', distro: 'Debian GNU/Linux', release: '12', hostname: `bench-laptop-${seed}` },
    antivirus: {
      status: 'ok',
      products: [
        {
          name: 'Microsoft Defender for Endpoint',
          enabled: true,
          realTime: true,
          antispyware: true,
          signaturesUpToDate: true,
          signaturesUpdatedAt: iso(nowMs - DAY),
        },
      ],
    },
    updates: { status: 'ok', pendingCount: 0, securityPendingCount: 0, lastInstalledAt: iso(nowMs - 2 * DAY), source: 'apt', pending: [] },
    accounts: {
      status: 'ok',
      accounts: [
        { username: 'keeper', isHuman: true, passwordLastSetAt: iso(nowMs - 10 * DAY), mustChangeAtNextLogin: false },
        { username: 'admin', isHuman: true, passwordLastSetAt: iso(nowMs - 20 * DAY), mustChangeAtNextLogin: false },
      ],
    },
    apps: { status: 'ok', apps: buildApps(seed) },
    encryption: { status: 'ok', volumes: [{ mount: '/', encrypted: true, method: 'LUKS', isSystem: true }] },
    screenLock: { status: 'ok', users: [{ user: 'keeper', lockEnabled: true, idleSeconds: 300, source: 'gnome' }] },
  };
}

/**
 * A report frame. The facts JSON is built once per device; only collectedAt, reportId and seq change,
 * so the simulator spends its CPU on sockets, not on JSON.
 */
export function reportFactory(seed) {
  const facts = buildFacts(seed, 0);
  const factsJson = JSON.stringify(facts);
  const [head, tail] = factsJson.split(JSON.stringify(iso(0)));
  return (seq, nowMs = Date.now()) => {
    const reportId = randomUUID();
    const frame = `{"type":"report","reportId":"${reportId}","seq":${seq},"facts":${head}${JSON.stringify(iso(nowMs))}${tail}}`;
    return { reportId, frame };
  };
}
