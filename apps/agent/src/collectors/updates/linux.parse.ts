/** Pure parsers for Linux update managers: apt (Debian/Ubuntu) and dnf/rpm (Fedora/RHEL). */

export interface PendingPackage {
  name: string;
  version: string;
  security: boolean;
}

// ---------------------------------------------------------------------------------------------
// apt
// ---------------------------------------------------------------------------------------------

export interface AptUpgradable extends PendingPackage {
  arch: string;
  suites: string[];
  fromVersion: string | null;
}

const APT_LINE = /^([^\s/]+)\/(\S+)\s+(\S+)\s+(\S+)(?:\s+\[upgradable from: ([^\]]+)\])?\s*$/;

/**
 * `LC_ALL=C apt list --upgradable`:
 * `openssl/jammy-updates,jammy-security 3.0.2-0ubuntu1.18 amd64 [upgradable from: 3.0.2-0ubuntu1.15]`.
 * Security = any suite containing "-security" (Debian `bookworm-security`, Ubuntu `jammy-security`).
 * "Listing..." and blank lines are skipped.
 */
export function parseAptUpgradable(stdout: string): AptUpgradable[] {
  const out: AptUpgradable[] = [];
  for (const line of stdout.split('\n')) {
    const m = APT_LINE.exec(line.trim());
    if (!m) continue;
    const [, name = '', suiteList = '', version = '', arch = '', from] = m;
    const suites = suiteList.split(',').filter(Boolean);
    out.push({ name, version, arch, suites, fromVersion: from ?? null, security: suites.some((s) => s.includes('-security')) });
  }
  return out;
}

export interface AptHistoryEntry {
  start: Date | null;
  end: Date | null;
  commandline: string | null;
  upgrade: boolean;
  install: boolean;
  error: boolean;
}

/**
 * /var/log/apt/history.log: blocks of `Start-Date:`, `Commandline:`, `Install:`/`Upgrade:`/
 * `Remove:`…, `Error:` and `End-Date:` separated by blank lines. Dates are the machine's local
 * time ("2024-09-13  08:01:19"), so they are read as local time.
 */
export function parseAptHistory(text: string): AptHistoryEntry[] {
  const entries: AptHistoryEntry[] = [];
  let cur: AptHistoryEntry | null = null;
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trimEnd();
    const idx = line.indexOf(': ');
    const key = idx > 0 ? line.slice(0, idx) : line.endsWith(':') ? line.slice(0, -1) : '';
    const value = idx > 0 ? line.slice(idx + 2).trim() : '';
    if (key === 'Start-Date') {
      cur = { start: parseLocalDateTime(value), end: null, commandline: null, upgrade: false, install: false, error: false };
      entries.push(cur);
      continue;
    }
    if (!cur) continue;
    if (key === 'End-Date') cur.end = parseLocalDateTime(value);
    else if (key === 'Commandline') cur.commandline = value;
    else if (key === 'Upgrade') cur.upgrade = true;
    else if (key === 'Install') cur.install = true;
    else if (key === 'Error') cur.error = true;
  }
  return entries;
}

/**
 * When packages were last *upgraded* successfully. Blocks that only install new packages are not
 * counted: installing a new program does not bring the rest of the system up to date.
 */
export function lastAptUpgradeAt(entries: AptHistoryEntry[]): Date | null {
  let best: Date | null = null;
  for (const e of entries) {
    if (!e.upgrade || e.error) continue;
    const when = e.end ?? e.start;
    if (when && (!best || when > best)) best = when;
  }
  return best;
}

/** "2024-09-13  08:01:19" (local time) → Date; null when it does not look like that. */
export function parseLocalDateTime(s: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})\s+(\d{2}):(\d{2}):(\d{2})$/.exec(s.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, se] = m.map(Number) as [number, number, number, number, number, number, number];
  const date = new Date(y, mo - 1, d, h, mi, se);
  return Number.isNaN(date.getTime()) ? null : date;
}

// ---------------------------------------------------------------------------------------------
// dnf / rpm
// ---------------------------------------------------------------------------------------------

export interface DnfUpdate {
  name: string;
  arch: string;
  version: string;
  repo: string;
}

/**
 * `dnf check-update` (exit 100 = updates, 0 = none, 1 = error): `name.arch  version  repo`.
 * Long names wrap onto the next line, so tokens are gathered until there are three. The
 * "Obsoleting Packages" section that may follow is not a list of updates and ends the parse.
 */
export function parseDnfCheckUpdate(stdout: string): DnfUpdate[] {
  const out: DnfUpdate[] = [];
  let pending: string[] = [];
  for (const line of stdout.split('\n')) {
    if (/^Obsoleting Packages/i.test(line.trim())) break;
    if (/^(Last metadata expiration check|Security:|Updating and loading|Repositories loaded)/i.test(line.trim())) continue;
    const tokens = line.trim().split(/\s+/).filter(Boolean);
    if (tokens.length === 0) {
      pending = [];
      continue;
    }
    pending = pending.length > 0 && pending.length < 3 ? [...pending, ...tokens] : tokens;
    if (pending.length < 3) continue;
    const [na = '', version = '', repo = ''] = pending;
    pending = [];
    const m = /^(.+)\.([A-Za-z0-9_]+)$/.exec(na);
    if (!m || !/\d/.test(version)) continue;
    out.push({ name: m[1] ?? na, arch: m[2] ?? '', version, repo });
  }
  return out;
}

const NEVRA = /^(.+)-([^-]+)-([^-]+)\.(x86_64|noarch|aarch64|i686|i386|ppc64le|s390x|armv7hl|riscv64)$/;

/**
 * `dnf updateinfo list --security`: dnf4 `FEDORA-2023-1b2c3d Important/Sec. curl-8.2.1-3.fc39.x86_64`,
 * dnf5 adds a header and an Issued column. Returns the package names that have a security advisory.
 */
export function parseDnfSecurityNames(stdout: string): Set<string> {
  const names = new Set<string>();
  for (const line of stdout.split('\n')) {
    const tokens = line.trim().split(/\s+/);
    for (const t of tokens.slice(1)) {
      const m = NEVRA.exec(t);
      if (m?.[1]) names.add(m[1]);
    }
  }
  return names;
}

/** `rpm -qa --qf '%{INSTALLTIME}\n'` → the latest install time (epoch seconds per line). */
export function parseRpmLastInstall(stdout: string): Date | null {
  let max = 0;
  for (const line of stdout.split('\n')) {
    const n = Number(line.trim());
    if (line.trim() !== '' && Number.isInteger(n) && n > max) max = n;
  }
  return max > 0 ? new Date(max * 1000) : null;
}

/** One entry per "name version" (multi-arch packages appear once per architecture). */
export function dedupePending<T extends PendingPackage>(items: T[]): PendingPackage[] {
  const byKey = new Map<string, PendingPackage>();
  for (const it of items) {
    const key = `${it.name} ${it.version}`;
    const prev = byKey.get(key);
    if (prev) prev.security ||= it.security;
    else byKey.set(key, { name: it.name, version: it.version, security: it.security });
  }
  return [...byKey.values()];
}
