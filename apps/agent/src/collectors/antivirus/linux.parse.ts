import type { AntivirusProduct } from '@safefleet/protocol';
import { clip } from '../types.js';

type ProductInput = AntivirusProduct;

// ---------------------------------------------------------------------------------------------
// ClamAV database header
// ---------------------------------------------------------------------------------------------

export interface ClamavHeader {
  buildTime: string;
  /** Database version, e.g. 25784 for daily. */
  version: number | null;
  signatures: number | null;
  functionalityLevel: number | null;
  builder: string | null;
  /** From the trailing epoch field, else from the build time. */
  updatedAt: Date | null;
}

/**
 * The first 512 bytes of daily.cvd / daily.cld are an ASCII header padded with spaces:
 * `ClamAV-VDB:<build time>:<version>:<sigs>:<f-level>:<md5>:<dsig>:<builder>:<epoch>`.
 * Fields are taken from the front (build time … md5) and from the back (builder, epoch), so an
 * odd character in the signature field cannot shift them. Returns null for anything else.
 */
export function parseClamavHeader(bytes: Buffer | string): ClamavHeader | null {
  const raw = typeof bytes === 'string' ? bytes : bytes.subarray(0, 512).toString('latin1');
  const text = raw.slice(0, 512).split('\0')[0]?.trimEnd() ?? '';
  if (!text.startsWith('ClamAV-VDB:')) return null;
  const parts = text.split(':');
  const buildTime = parts[1]?.trim() ?? '';
  const int = (s: string | undefined) => (s !== undefined && /^\d+$/.test(s.trim()) ? Number(s.trim()) : null);
  const last = parts[parts.length - 1]?.trim();
  const epoch = parts.length >= 9 ? int(last) : null;
  const fromEpoch = epoch !== null && epoch > 0 ? new Date(epoch * 1000) : null;
  return {
    buildTime,
    version: int(parts[2]),
    signatures: int(parts[3]),
    functionalityLevel: int(parts[4]),
    builder: parts.length >= 9 ? parts[parts.length - 2]?.trim() || null : parts[7]?.trim() || null,
    updatedAt: fromEpoch ?? parseClamavBuildTime(buildTime),
  };
}

const MONTHS: Record<string, number> = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  Jun: 5,
  Jul: 6,
  Aug: 7,
  Sep: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
};

/** strptime `%d %b %Y %H-%M %z`, e.g. "16 Apr 2020 07-58 -0400". Always English month names. */
export function parseClamavBuildTime(s: string): Date | null {
  const m = /^(\d{1,2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2})-(\d{2}) ([+-])(\d{2})(\d{2})$/.exec(s.trim());
  if (!m) return null;
  const [, d, mon, y, hh, mm, sign, oh, om] = m;
  const month = MONTHS[mon ?? ''];
  if (month === undefined) return null;
  const offsetMin = (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
  const utc = Date.UTC(Number(y), month, Number(d), Number(hh), Number(mm)) - offsetMin * 60_000;
  return new Date(utc);
}

// ---------------------------------------------------------------------------------------------
// systemd / dpkg
// ---------------------------------------------------------------------------------------------

/** active | inactive | failed | activating | … ; null = could not be read. */
export type ServiceState = string | null;

/**
 * `systemctl is-active a b c` prints one state per unit, in order (units that do not exist are
 * "inactive"). Without systemd it prints nothing on stdout: every state is null (cannot tell).
 */
export function parseIsActive(stdout: string, units: readonly string[]): Record<string, ServiceState> {
  const lines = stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  const ok = lines.length === units.length && lines.every((l) => /^[a-z-]+$/.test(l));
  return Object.fromEntries(units.map((u, i) => [u, ok ? (lines[i] ?? null) : null]));
}

/** `dpkg-query -W -f='${db:Status-Abbrev}\t${Package}\n' …` → names whose state is "ii" (installed). */
export function parseDpkgInstalled(stdout: string): Set<string> {
  const names = new Set<string>();
  for (const line of stdout.split('\n')) {
    const [abbrev, name] = line.split('\t');
    if (abbrev?.trim() === 'ii' && name) names.add(name.trim());
  }
  return names;
}

// ---------------------------------------------------------------------------------------------
// Products
// ---------------------------------------------------------------------------------------------

export interface ClamavObservation {
  /** Which ClamAV programs/packages were found. */
  installedBy: string[];
  clamd: ServiceState;
  freshclam: ServiceState;
  clamonacc: ServiceState;
  definitionsPath: string | null;
  header: ClamavHeader | null;
  /** Why the definitions could not be read, in plain words. */
  definitionsProblem: string | null;
}

const on = (s: ServiceState): boolean | null => (s === null ? null : s === 'active' || s === 'reloading');

/**
 * ClamAV facts. Enabled = the scanner daemon (clamd) or the updater (freshclam) is running;
 * when neither state can be read (no systemd) we say null rather than guess. Real-time = the
 * on-access scanner clamonacc is running. ClamAV has no "definitions are current" flag, so
 * signaturesUpToDate is null and the policy judges the date.
 */
export function clamavProduct(o: ClamavObservation): ProductInput {
  const daemon = on(o.clamd);
  const updater = on(o.freshclam);
  const enabled = daemon === true || updater === true ? true : daemon === false && updater === false ? false : null;
  const raw: NonNullable<ProductInput['raw']> = {
    installedBy: clip(o.installedBy.join(',')),
    clamd: o.clamd,
    freshclam: o.freshclam,
    clamonacc: o.clamonacc,
  };
  if (o.header) {
    raw.dailyVersion = o.header.version;
    raw.signatures = o.header.signatures;
    raw.buildTime = clip(o.header.buildTime);
  }
  if (o.definitionsProblem) raw.definitionsProblem = clip(o.definitionsProblem);
  return {
    name: 'ClamAV',
    enabled,
    realTime: on(o.clamonacc),
    // ClamAV's signature sets include PUA/spyware families, so when it runs it also covers spyware.
    antispyware: enabled,
    signaturesUpToDate: null,
    signaturesUpdatedAt: o.header?.updatedAt ? o.header.updatedAt.toISOString() : null,
    source: clip(o.definitionsPath ? `clamav:${o.definitionsPath}` : 'clamav'),
    raw,
  };
}

/**
 * `mdatp health --output json` (Microsoft Defender for Endpoint on Linux). Settings come either
 * as plain values or wrapped as `{ value, isManaged, displayValue }`; dates are epoch-ms strings.
 * Returns a plain-words error instead of a product when the text is not the health JSON.
 */
export function parseMdatpHealth(stdout: string): ProductInput | { error: string } {
  let doc: unknown;
  try {
    doc = JSON.parse(stdout);
  } catch {
    return { error: `mdatp health did not return JSON: ${clip(stdout.trim().split('\n')[0] ?? '', 200)}` };
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return { error: 'mdatp health returned an unexpected document' };
  const d = doc as Record<string, unknown>;
  const value = (k: string): unknown => {
    const v = d[k];
    return typeof v === 'object' && v !== null && !Array.isArray(v) && 'value' in v ? (v as { value: unknown }).value : v;
  };
  const bool = (k: string): boolean | null => {
    const v = value(k);
    return typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : null;
  };
  const healthy = bool('healthy');
  const passive = bool('passiveModeEnabled');
  const rtp = bool('realTimeProtectionEnabled');
  const status = d.definitionsStatus;
  const statusType = typeof status === 'object' && status !== null ? (status as Record<string, unknown>)['$type'] : status;
  const updatedMs = Number(value('definitionsUpdated'));
  // Passive mode means another product is the active antivirus: Defender is installed but not on.
  const enabled = passive === true ? false : passive === false ? true : healthy;
  const raw: NonNullable<ProductInput['raw']> = { healthy, passiveModeEnabled: passive };
  for (const k of ['appVersion', 'definitionsVersion', 'engineVersion'] as const) {
    const v = value(k);
    if (typeof v === 'string') raw[k] = clip(v);
  }
  if (typeof statusType === 'string') raw.definitionsStatus = clip(statusType);
  const issues = d.healthIssues;
  if (Array.isArray(issues)) raw.healthIssues = clip(issues.map(String).join('; '));
  return {
    name: 'Microsoft Defender for Endpoint',
    enabled,
    realTime: rtp,
    antispyware: enabled,
    signaturesUpToDate: typeof statusType === 'string' ? statusType === 'upToDate' : null,
    signaturesUpdatedAt: Number.isFinite(updatedMs) && updatedMs > 0 ? new Date(updatedMs).toISOString() : null,
    source: 'mdatp health',
    raw,
  };
}
