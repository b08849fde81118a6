/** Pure parsers for macOS antivirus facts: XProtect, install receipts, system extensions. */
import type { AntivirusProduct } from '@safefleet/protocol';
import { isDict, type PlistValue } from '../../exec/plist.js';
import { clip } from '../types.js';

/** CFBundleShortVersionString (else CFBundleVersion) of an XProtect version.plist. */
export function xprotectVersionFromPlist(plist: PlistValue | null): string | null {
  if (!isDict(plist)) return null;
  for (const key of ['CFBundleShortVersionString', 'CFBundleVersion']) {
    const v = plist[key];
    if ((typeof v === 'string' && /^\d+(\.\d+)*$/.test(v.trim())) || typeof v === 'number') return String(v).trim();
  }
  return null;
}

/**
 * `xprotect version` (macOS 15+). Its exact wording is not documented, so the first number of
 * three or more digits on a line mentioning "version" (or a bare number) is taken.
 */
export function parseXprotectVersionCommand(stdout: string): string | null {
  for (const line of stdout.split('\n')) {
    const m = /version\D*(\d{3,})/i.exec(line) ?? /^\s*(\d{3,})\s*$/.exec(line);
    if (m?.[1]) return m[1];
  }
  return null;
}

/** `pkgutil --pkgs`: one package id per line; the XProtect ones. */
export function xprotectPackageIds(stdout: string): string[] {
  return stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((id) => /^com\.apple\.pkg\.XProtect/i.test(id));
}

export interface Receipt {
  id: string;
  version: string | null;
  installedAt: Date | null;
}

/** `pkgutil --pkg-info <id>`: `package-id:`, `version:`, `install-time: <epoch seconds>`. */
export function parsePkgInfo(stdout: string): Receipt | null {
  const get = (key: string) => new RegExp(`^${key}:\\s*(.+?)\\s*$`, 'm').exec(stdout)?.[1] ?? null;
  const id = get('package-id');
  if (!id) return null;
  const epoch = Number(get('install-time'));
  return { id, version: get('version'), installedAt: Number.isFinite(epoch) && epoch > 0 ? new Date(epoch * 1000) : null };
}

/**
 * `system_profiler SPInstallHistoryDataType -json`: items named like XProtect with their
 * install_date (key names not confirmed on a real Mac; anything else is ignored).
 */
export function xprotectReceiptsFromInstallHistory(stdout: string): Receipt[] {
  let doc: unknown;
  try {
    doc = JSON.parse(stdout);
  } catch {
    return [];
  }
  const items = (doc as { SPInstallHistoryDataType?: unknown })?.SPInstallHistoryDataType;
  if (!Array.isArray(items)) return [];
  const out: Receipt[] = [];
  for (const it of items as Array<Record<string, unknown>>) {
    const name = typeof it?._name === 'string' ? it._name : '';
    if (!/xprotect/i.test(name)) continue;
    const at = typeof it.install_date === 'string' ? new Date(it.install_date) : null;
    out.push({
      id: name,
      version: typeof it.install_version === 'string' ? it.install_version : null,
      installedAt: at && !Number.isNaN(at.getTime()) ? at : null,
    });
  }
  return out;
}

/** The receipt that dates the signatures: newest XProtectPlistConfigData, else newest XProtect receipt. */
export function newestSignatureReceipt(receipts: Receipt[]): Receipt | null {
  const dated = receipts.filter((r) => r.installedAt !== null);
  const config = dated.filter((r) => /XProtectPlistConfigData/i.test(r.id));
  const pool = config.length > 0 ? config : dated;
  return pool.reduce<Receipt | null>((best, r) => (!best || (r.installedAt as Date) > (best.installedAt as Date) ? r : best), null);
}

export interface XprotectObservation {
  /** Active XProtect version and where it was read; null when no bundle could be read. */
  version: string | null;
  versionSource: string | null;
  receipt: Receipt | null;
}

const leadingNumber = (v: string | null) => (v ? Number(/^(\d+)/.exec(v)?.[1] ?? NaN) : NaN);

/**
 * XProtect is built into macOS and cannot be switched off by users: enabled, real-time and
 * anti-spyware whenever its bundle is there. The definitions date is the install time of the
 * newest XProtect receipt, unless the active version is newer than that receipt (macOS 15 also
 * updates XProtect outside the installer): then the date is unknown rather than too old.
 */
export function xprotectProduct(o: XprotectObservation): AntivirusProduct {
  const raw: NonNullable<AntivirusProduct['raw']> = { version: o.version };
  let updatedAt: string | null = o.receipt?.installedAt?.toISOString() ?? null;
  if (o.receipt) {
    raw.receipt = clip(o.receipt.id);
    raw.receiptVersion = o.receipt.version ? clip(o.receipt.version) : null;
    if (leadingNumber(o.version) > leadingNumber(o.receipt.version)) {
      updatedAt = null;
      raw.note = 'The active XProtect version is newer than the last install record, so its update date is not known';
    }
  } else {
    raw.note = 'No XProtect install record was found, so the update date is not known';
  }
  if (!o.version) raw.problem = 'No XProtect bundle could be read';
  const found = o.version !== null;
  return {
    name: 'XProtect',
    enabled: found ? true : null,
    realTime: found ? true : null,
    antispyware: found ? true : null,
    signaturesUpToDate: null,
    signaturesUpdatedAt: updatedAt,
    source: clip(o.versionSource ? `xprotect:${o.versionSource}` : 'xprotect'),
    raw,
  };
}

export interface SystemExtension {
  category: string;
  enabled: boolean;
  active: boolean;
  teamId: string;
  bundleId: string;
  version: string;
  name: string;
  state: string;
}

const TAB_ROW = /^(\*?)\t(\*?)\t([^\t]+)\t(\S+) \(([^)]*)\)\t(.*)\t\[([^\]]*)\]\s*$/;
const SPACE_ROW = /^\s*(\*\s+)?(\*\s+)?([A-Z0-9]{10})\s+(\S+)\s+\(([^)]*)\)\s+(.*?)\s+\[([^\]]*)\]\s*$/;

/**
 * `systemextensionsctl list`: `--- com.apple.system_extension.<category> (…)` headings, a
 * column header, then rows `enabled  active  teamID  bundleID (version)  name  [state]` where
 * enabled/active are `*` or empty. Rows are tab-separated; a space-separated copy is read too.
 */
export function parseSystemExtensions(stdout: string): SystemExtension[] {
  const out: SystemExtension[] = [];
  let category = '';
  for (const line of stdout.split('\n')) {
    const head = /^--- com\.apple\.system_extension\.(\S+)/.exec(line);
    if (head?.[1]) {
      category = head[1];
      continue;
    }
    const m = TAB_ROW.exec(line) ?? SPACE_ROW.exec(line);
    if (!m || !category) continue;
    const [, en = '', act = '', teamId = '', bundleId = '', version = '', name = '', state = ''] = m;
    out.push({
      category,
      enabled: en.trim() === '*',
      active: act.trim() === '*',
      teamId: teamId.trim(),
      bundleId,
      version,
      name: name.trim(),
      state,
    });
  }
  return out;
}

/** Antivirus vendors whose endpoint-security extension we recognise, by bundle-id prefix. */
export const ES_VENDORS: ReadonlyArray<readonly [prefix: string, product: string]> = [
  ['com.sophos.', 'Sophos'],
  ['com.crowdstrike.', 'CrowdStrike Falcon'],
  ['com.sentinelone.', 'SentinelOne'],
  ['com.malwarebytes.', 'Malwarebytes'],
  ['com.eset.', 'ESET'],
  ['com.bitdefender.', 'Bitdefender'],
  ['com.norton.', 'Norton'],
  ['com.symantec.', 'Norton / Symantec'],
  ['com.avast.', 'Avast'],
  ['com.avg.', 'AVG'],
  ['com.intego.', 'Intego VirusBarrier'],
];

/**
 * Third-party antivirus from endpoint-security extensions on the allow-list, one product per
 * vendor. On = activated, enabled and running; an extension waiting for approval or for removal
 * is installed but not on. Its definitions date is not visible from here (null).
 */
export function esAntivirusProducts(exts: SystemExtension[]): AntivirusProduct[] {
  const byName = new Map<string, AntivirusProduct>();
  for (const e of exts) {
    if (e.category !== 'endpoint_security') continue;
    const vendor = ES_VENDORS.find(([prefix]) => e.bundleId.toLowerCase().startsWith(prefix));
    if (!vendor) continue;
    const on = e.enabled && e.active && /activated enabled/.test(e.state);
    const prev = byName.get(vendor[1]);
    if (prev?.enabled === true) continue;
    byName.set(vendor[1], {
      name: vendor[1],
      enabled: on,
      realTime: null,
      antispyware: null,
      signaturesUpToDate: null,
      signaturesUpdatedAt: null,
      source: 'systemextensionsctl',
      raw: { bundleId: clip(e.bundleId), teamId: clip(e.teamId), version: clip(e.version), state: clip(e.state) },
    });
  }
  return [...byName.values()];
}
