import { asArray, asRecord, parsePsDate } from '../../exec/powershell.js';
import type { PendingPackage } from './linux.parse.js';

/** Windows Update classification ids: the same in every language (names are translated). */
export const WU_CATEGORY = {
  securityUpdates: '0fa1201d-4330-4fa8-8ae9-b877473b6441',
  definitionUpdates: 'e0789628-ce08-4437-be74-2495b842f43b',
} as const;

/** Defender / antimalware definition and platform packages: the antivirus signal, not OS patching. */
const DEFINITION_KBS = /\bKB(2267602|4052623|2461484|915597)\b/i;
const DEFINITION_TITLE = /(Security Intelligence|Definition) Update|Defender Antivirus/i;

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
const strings = (v: unknown): string[] =>
  asArray(v)
    .map(str)
    .filter((s) => s.length > 0);

export function isDefinitionUpdate(u: { title: string; categoryIds: string[] }): boolean {
  return (
    u.categoryIds.some((id) => id.toLowerCase() === WU_CATEGORY.definitionUpdates) || DEFINITION_KBS.test(u.title) || DEFINITION_TITLE.test(u.title)
  );
}

// ---------------------------------------------------------------------------------------------
// Pending (WUA search)
// ---------------------------------------------------------------------------------------------

/** What Windows says for a few common HRESULTs, in words a keeper can act on. */
const HRESULT_WORDS: Record<string, string> = {
  '0x80070422': 'the Windows Update service is disabled',
  '0x8024402C': 'this device could not reach Windows Update (no internet or a proxy problem)',
  '0x80072EE2': 'this device could not reach Windows Update (the connection timed out)',
  '0x80072EFD': 'this device could not reach Windows Update (no connection)',
  '0x8024401C': 'this device could not reach Windows Update (the connection timed out)',
};

export type PendingResult = { pending: PendingPackage[] } | { error: string };

/**
 * UPDATES_PENDING_SCRIPT → pending updates. Security = classified "Security Updates" (by id, so
 * it works in every language, or by the English name) or an MSRC severity is set. Definition
 * updates are left out (they change several times a day and belong to the antivirus signal).
 * version = the KB number(s), so the same title re-released under a new KB counts as new.
 */
export function parsePendingWin32(doc: unknown): PendingResult {
  const o = asRecord(doc) ?? {};
  if (o.updates === null || o.updates === undefined) {
    const raw = str(o.error) || 'no answer';
    const hr = /\((0x[0-9A-F]{8})\)\s*$/i.exec(raw)?.[1]?.toUpperCase().replace(/^0X/, '0x');
    const words = hr ? HRESULT_WORDS[hr] : undefined;
    return { error: `Windows Update could not be searched: ${words ? `${words} (${hr})` : raw}` };
  }
  const pending: PendingPackage[] = [];
  for (const item of asArray(o.updates)) {
    const u = asRecord(item);
    const title = str(u?.Title);
    if (!u || !title) continue;
    const categoryIds = strings(u.CategoryIds).map((s) => s.toLowerCase());
    if (isDefinitionUpdate({ title, categoryIds })) continue;
    const security =
      categoryIds.includes(WU_CATEGORY.securityUpdates) ||
      strings(u.Categories).some((n) => /^security updates$/i.test(n)) ||
      str(u.MsrcSeverity) !== '';
    pending.push({ name: title, version: strings(u.KB).join(','), security });
  }
  return { pending };
}

// ---------------------------------------------------------------------------------------------
// Last installed (WUA history, then Get-HotFix)
// ---------------------------------------------------------------------------------------------

export interface HistoryResult {
  lastInstalledAt: string | null;
  /** Where the date came from: 'history' | 'hotfix' | null. */
  from: 'history' | 'hotfix' | null;
  historyError: string | null;
}

/**
 * UPDATES_HISTORY_SCRIPT → when OS updates were last installed: the newest successful install
 * (Operation 1, ResultCode 2; the script keeps only those) that is not a definition update; else
 * the newest Get-HotFix InstalledOn (a date only, sometimes missing).
 */
export function parseHistoryWin32(doc: unknown): HistoryResult {
  const o = asRecord(doc) ?? {};
  let newest: string | null = null;
  for (const item of asArray(o.history)) {
    const h = asRecord(item);
    const date = parsePsDate(h?.Date);
    if (!h || !date) continue;
    if (isDefinitionUpdate({ title: str(h.Title), categoryIds: strings(h.CategoryIds) })) continue;
    if (newest === null || Date.parse(date) > Date.parse(newest)) newest = date;
  }
  const historyError = str(o.historyError) || null;
  if (newest) return { lastInstalledAt: newest, from: 'history', historyError };
  const hotfix = parsePsDate(o.hotfixLatest);
  return { lastInstalledAt: hotfix, from: hotfix ? 'hotfix' : null, historyError };
}
