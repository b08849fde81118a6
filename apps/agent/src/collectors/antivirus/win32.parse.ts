import { LIMITS, type AntivirusProduct } from '@safefleet/protocol';
import { asArray, asRecord, parsePsDate } from '../../exec/powershell.js';
import { clip } from '../types.js';

// ---------------------------------------------------------------------------------------------
// SecurityCenter2 productState (undocumented; mask view from the field guide §2(a))
// ---------------------------------------------------------------------------------------------

export type ScannerState = 'off' | 'on' | 'snoozed' | 'expired' | 'unknown';

export interface ProductState {
  state: ScannerState;
  enabled: boolean;
  upToDate: boolean;
  microsoft: boolean;
}

export function decodeProductState(n: number): ProductState {
  const st = n & 0xf000;
  const state: ScannerState = st === 0x0000 ? 'off' : st === 0x1000 ? 'on' : st === 0x2000 ? 'snoozed' : st === 0x3000 ? 'expired' : 'unknown';
  return { state, enabled: st === 0x1000, upToDate: (n & 0xf0) === 0, microsoft: (n & 0xf00) === 0x100 };
}

interface WscEntry {
  name: string;
  productState: number;
}

function wscEntries(v: unknown): WscEntry[] {
  return asArray(v).flatMap((item) => {
    const o = asRecord(item);
    const name = typeof o?.displayName === 'string' ? o.displayName.trim() : '';
    const productState = typeof o?.productState === 'number' ? o.productState : Number(o?.productState);
    return name && Number.isInteger(productState) ? [{ name, productState }] : [];
  });
}

const isDefenderName = (name: string) => /^(windows|microsoft) defender/i.test(name);

// ---------------------------------------------------------------------------------------------
// Defender (Get-MpComputerStatus)
// ---------------------------------------------------------------------------------------------

export const DEFENDER_NAME = 'Microsoft Defender Antivirus';
/** AMRunningMode values under which Defender actually protects. */
const PROTECTING_MODES = new Set(['normal', 'edr block mode']);
const PASSIVE_MODES = new Set(['passive mode', 'sxs passive mode', 'not running']);

function defenderProduct(mp: Record<string, unknown>): AntivirusProduct {
  const bool = (k: string): boolean | null => (typeof mp[k] === 'boolean' ? (mp[k] as boolean) : null);
  const mode = typeof mp.AMRunningMode === 'string' ? mp.AMRunningMode.trim() : '';
  const outOfDate = bool('DefenderSignaturesOutOfDate');
  const raw: Record<string, string | number | boolean | null> = { AMRunningMode: mode || null };
  for (const k of [
    'AMServiceEnabled',
    'AntivirusEnabled',
    'RealTimeProtectionEnabled',
    'AntivirusSignatureAge',
    'AntivirusSignatureVersion',
    'IsTamperProtected',
  ]) {
    const v = mp[k];
    if (typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') raw[k] = typeof v === 'string' ? clip(v) : v;
  }
  const common = {
    name: DEFENDER_NAME,
    signaturesUpToDate: outOfDate === null ? null : !outOfDate,
    signaturesUpdatedAt: parsePsDate(mp.AntivirusSignatureLastUpdated),
    source: 'Get-MpComputerStatus',
    raw,
  };
  const lower = mode.toLowerCase();
  // Passive: Defender may still say AntivirusEnabled/RealTimeProtectionEnabled = True. It is not
  // the protection; the third-party product registered in Security Center is.
  if (PASSIVE_MODES.has(lower)) return { ...common, enabled: false, realTime: false, antispyware: false };
  const service = bool('AMServiceEnabled');
  const av = bool('AntivirusEnabled');
  const enabled = PROTECTING_MODES.has(lower) ? av : av === null || service === null ? null : av && service;
  return { ...common, enabled, realTime: bool('RealTimeProtectionEnabled'), antispyware: bool('AntispywareEnabled') };
}

// ---------------------------------------------------------------------------------------------
// The whole document
// ---------------------------------------------------------------------------------------------

export interface AntivirusDoc {
  products: AntivirusProduct[];
  /** Neither Security Center nor Defender answered: plain words. */
  error: string | null;
}

/**
 * The ANTIVIRUS_SCRIPT document → products.
 * - SecurityCenter2 AntiVirusProduct + AntiSpywareProduct merged by name; the scanner state and
 *   signature bit come from productState (kept raw). No date: WSC has none for third parties.
 * - Defender from Get-MpComputerStatus replaces Security Center's Defender entry (AMRunningMode
 *   first). When Get-MpComputerStatus throws (0x800106BA with a third-party AV), Security
 *   Center's view is used as is, with no error.
 * - No SecurityCenter2 namespace (Windows Server): Defender only.
 */
export function parseAntivirusDoc(doc: unknown): AntivirusDoc {
  const o = asRecord(doc) ?? {};
  const scError = typeof o.scError === 'string' && o.scError ? o.scError : null;
  const mp = asRecord(o.mp);
  const mpError = typeof o.mpError === 'string' && o.mpError ? o.mpError : null;
  if (scError && !mp) {
    return {
      products: [],
      error: `Neither Windows Security Center (${scError.trim()}) nor Microsoft Defender (${(mpError ?? 'no answer').trim()}) could be read`,
    };
  }

  const av = wscEntries(o.av);
  const as = wscEntries(o.as);
  const names = [...new Map([...av, ...as].map((e) => [e.name.toLowerCase(), e.name])).values()];
  const products: AntivirusProduct[] = [];
  let defenderRaw: Record<string, number | string> | null = null;

  for (const name of names) {
    const a = av.find((e) => e.name.toLowerCase() === name.toLowerCase());
    const s = as.find((e) => e.name.toLowerCase() === name.toLowerCase());
    const main = a ?? s;
    if (!main) continue;
    const decoded = decodeProductState(main.productState);
    const raw: Record<string, number | string> = { productState: main.productState, scannerState: decoded.state };
    if (s && a) raw.antiSpywareProductState = s.productState;
    if (!a) raw.registeredAs = 'AntiSpywareProduct';
    if (mp && (isDefenderName(name) || (decoded.microsoft && /defender/i.test(name)))) {
      defenderRaw = { ...raw, securityCenterName: clip(name) };
      continue;
    }
    const antispyware = s ? decodeProductState(s.productState).enabled : scError ? null : false;
    products.push({
      name: clip(name),
      enabled: decoded.enabled,
      realTime: decoded.enabled,
      antispyware,
      signaturesUpToDate: decoded.upToDate,
      signaturesUpdatedAt: null,
      source: 'SecurityCenter2',
      raw,
    });
  }

  if (mp) {
    const d = defenderProduct(mp);
    if (defenderRaw) {
      d.raw = { ...d.raw, ...defenderRaw };
      d.source = 'Get-MpComputerStatus+SecurityCenter2';
    }
    products.unshift(d);
  }
  return { products: products.slice(0, LIMITS.maxProducts), error: null };
}
