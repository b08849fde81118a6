/** Pure parsers for macOS software updates: softwareupdate -l / --history, InstallHistory.plist. */
import { isDict, type PlistValue } from '../../exec/plist.js';

export interface MacUpdate {
  /** `* Label:` (modern) or the `* name` line (legacy): what `softwareupdate -i` takes. */
  label: string;
  title: string;
  version: string;
  recommended: boolean;
  restart: boolean;
}

export type UpdateList = { updates: MacUpdate[] } | { unreadable: string };

const NONE = /No new software available\./;

/**
 * `softwareupdate -l`, stdout and stderr together (where each line goes differs between macOS
 * versions). Modern (Catalina+): `* Label: <label>` then `Title: …, Version: …, Size: …,
 * Recommended: YES, Action: restart,`. Legacy: `   * <label>` (`-` = not recommended) then
 * `<title> (<version>), <size>K [recommended] [restart]`. "No new software available." → [].
 * Output that is neither a list nor that sentence is unreadable (never "0 pending").
 */
export function parseSoftwareUpdateList(text: string): UpdateList {
  const lines = text.split('\n');
  const updates: MacUpdate[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const modern = /^\s*[*-]\s*Label:\s*(.+?)\s*$/.exec(line);
    if (modern?.[1]) {
      const detail = lines[i + 1] ?? '';
      const field = (k: string) => new RegExp(`\\b${k}:\\s*([^,]*)`).exec(detail)?.[1]?.trim() ?? '';
      updates.push({
        label: modern[1],
        title: field('Title') || modern[1],
        version: field('Version'),
        recommended: /^YES$/i.test(field('Recommended')),
        restart: /^(restart|shut down)$/i.test(field('Action')),
      });
      i++;
      continue;
    }
    const legacy = /^\s+([*-])\s+(\S.*?)\s*$/.exec(line);
    const detail = lines[i + 1] ?? '';
    const d = /^\s*(.*?),?\s*\(([^)]*)\)\s*,\s*\d+K\b(.*)$/.exec(detail);
    if (legacy?.[2] && d) {
      const flags = d[3] ?? '';
      updates.push({
        label: legacy[2],
        title: (d[1] ?? '').trim() || legacy[2],
        version: (d[2] ?? '').trim(),
        recommended: legacy[1] === '*' || /\[recommended\]/i.test(flags),
        restart: /\[(restart|shut down)\]/i.test(flags),
      });
      i++;
    }
  }
  if (updates.length > 0 || NONE.test(text)) return { updates };
  const first = lines.map((l) => l.trim()).find((l) => l && !/^(Software Update Tool|Finding available software)$/.test(l));
  return {
    unreadable: first ? `softwareupdate gave an answer Safefleet could not read: ${first.slice(0, 200)}` : 'softwareupdate -l printed nothing',
  };
}

const SECURITY_TITLE = /\bSecurity\b/i;
const MACOS_TITLE = /^(macOS|Mac OS X|OS X)\b/i;

/** "26.7.1" → "26"; the 10.x era counts "10.14" as the major version. */
export function majorVersion(v: string): string | null {
  const m = /^(\d+)(?:\.(\d+))?/.exec(v.trim());
  if (!m?.[1]) return null;
  return m[1] === '10' && m[2] ? `10.${m[2]}` : m[1];
}

/**
 * Which pending items count as security updates:
 * 1. anything titled with "Security": Security Update 2024-001, Rapid Security Response,
 *    Background Security Improvement;
 * 2. a recommended macOS update within the running major version (point updates and their
 *    "(a)" responses carry Apple's security fixes). A new major version (macOS 15 → 26) is an
 *    upgrade, not a security update. When the running version is unknown, every recommended
 *    macOS item counts.
 * Safari, Command Line Tools and other apps are pending but not security.
 */
export function isSecurityUpdate(u: MacUpdate, runningVersion: string | null): boolean {
  if (SECURITY_TITLE.test(u.title) || SECURITY_TITLE.test(u.label)) return true;
  if (!MACOS_TITLE.test(u.title) || !u.recommended) return false;
  const running = runningVersion ? majorVersion(runningVersion) : null;
  const offered = majorVersion(u.version) ?? majorVersion(/(\d+(?:\.\d+)+)/.exec(u.title)?.[1] ?? '');
  return running === null || offered === null || offered === running;
}

/** An OS update (not a data file such as XProtectPlistConfigData or Gatekeeper data). */
export function isOsUpdateName(name: string): boolean {
  return /\b(macOS|Mac OS X|OS X)\b|Security Update|Security Response|Background Security|Supplemental Update/i.test(name);
}

/**
 * /Library/Receipts/InstallHistory.plist: an array of `{ date, displayName, displayVersion,
 * processName, packageIdentifiers }`. The newest entry installed by Software Update
 * (processName softwareupdated / Software Update) that is an OS update.
 */
export function lastOsInstallFromHistoryPlist(plist: PlistValue | null): Date | null {
  if (!Array.isArray(plist)) return null;
  let best: Date | null = null;
  for (const item of plist) {
    if (!isDict(item)) continue;
    const { date, displayName, processName } = item;
    if (!(date instanceof Date) || typeof displayName !== 'string' || typeof processName !== 'string') continue;
    if (!/^(softwareupdated|Software Update)$/i.test(processName) || !isOsUpdateName(displayName)) continue;
    if (!best || date > best) best = date;
  }
  return best;
}

export type HistoryResult = { lastInstalledAt: Date | null } | { unreadable: string };

const HISTORY_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4}),?\s+(\d{1,2}):(\d{2}):(\d{2})(?:\s*([AP]M))?$/i;

/**
 * `softwareupdate --history`: `Display Name  Version  Date` columns split by 2+ spaces; the date
 * is in the Mac's own locale. US `MM/DD/YYYY, HH:MM:SS` is read; the column decides the order
 * (a first part above 12 means day/month, as on UK Macs). When no row decides it, or the dates
 * look like something else, the answer is unreadable rather than guessed. Times are local.
 */
export function parseSoftwareUpdateHistory(text: string): HistoryResult {
  const rows: Array<{ name: string; parts: number[]; pm: string }> = [];
  let undated = 0;
  for (const line of text.split('\n')) {
    const cols = line.trim().split(/\s{2,}/);
    if (cols.length < 2 || /^(Display Name|-{3,})/.test(cols[0] ?? '')) continue;
    const m = HISTORY_DATE.exec(cols[cols.length - 1] ?? '');
    if (!m) {
      undated++;
      continue;
    }
    rows.push({ name: cols[0] ?? '', parts: m.slice(1, 7).map(Number), pm: (m[7] ?? '').toUpperCase() });
  }
  if (rows.length === 0) {
    return undated > 0 ? { unreadable: 'softwareupdate --history prints dates in a format Safefleet cannot read' } : { lastInstalledAt: null };
  }
  const dayFirst = rows.some((r) => (r.parts[0] ?? 0) > 12);
  const monthFirst = rows.some((r) => (r.parts[1] ?? 0) > 12);
  if (dayFirst === monthFirst) {
    return { unreadable: 'softwareupdate --history dates could be day/month or month/day, so the last install date is not known' };
  }
  let best: Date | null = null;
  for (const r of rows) {
    if (!isOsUpdateName(r.name)) continue;
    const [a = 0, b = 0, y = 0, h = 0, mi = 0, s = 0] = r.parts;
    const [month, day] = monthFirst ? [a, b] : [b, a];
    const hour = r.pm === 'PM' && h < 12 ? h + 12 : r.pm === 'AM' && h === 12 ? 0 : h;
    const d = new Date(y, month - 1, day, hour, mi, s);
    if (!Number.isNaN(d.getTime()) && (!best || d > best)) best = d;
  }
  return { lastInstalledAt: best };
}
