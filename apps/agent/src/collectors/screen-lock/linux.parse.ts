/** Pure parsers for Linux desktop sessions and screen-lock settings (GNOME gsettings, KDE). */

/** `loginctl list-sessions --no-legend`: the session id is the first column. */
export function parseSessionIds(stdout: string): string[] {
  const ids: string[] = [];
  for (const line of stdout.split('\n')) {
    const id = line.trim().split(/\s+/)[0];
    if (id && /^[A-Za-z0-9_-]+$/.test(id) && id !== 'SESSION') ids.push(id);
  }
  return ids;
}

/** `loginctl show-session -p … id1 id2`: Key=Value blocks separated by blank lines. */
export function parseShowSession(stdout: string): Array<Record<string, string>> {
  const blocks: Array<Record<string, string>> = [];
  let cur: Record<string, string> = {};
  for (const line of [...stdout.split('\n'), '']) {
    const eq = line.indexOf('=');
    if (line.trim() === '') {
      if (Object.keys(cur).length > 0) blocks.push(cur);
      cur = {};
    } else if (eq > 0) cur[line.slice(0, eq)] = line.slice(eq + 1).trim();
  }
  return blocks;
}

export interface DesktopSession {
  uid: number;
  user: string;
  /** XDG session desktop, e.g. "gnome", "ubuntu", "KDE"; '' when unknown. */
  desktop: string;
}

/** Graphical sessions of people (x11/wayland, not the login screen's greeter), one per uid. */
export function graphicalSessions(blocks: Array<Record<string, string>>): DesktopSession[] {
  const byUid = new Map<number, DesktopSession>();
  for (const b of blocks) {
    const uid = Number(b.User);
    if (!['x11', 'wayland', 'mir'].includes(b.Type ?? '') || b.Class === 'greeter' || !Number.isInteger(uid)) continue;
    if (b.State === 'closing') continue;
    if (!byUid.has(uid)) byUid.set(uid, { uid, user: b.Name ?? String(uid), desktop: b.Desktop ?? '' });
  }
  return [...byUid.values()];
}

/** uids with a session bus socket in /run/user (used when loginctl cannot answer). */
export function uidsFromRunUser(names: string[]): number[] {
  return names
    .filter((n) => /^\d+$/.test(n))
    .map(Number)
    .filter((uid) => uid >= 1000 && uid !== 65534);
}

export type DesktopKind = 'gnome' | 'kde' | 'other';

/** Which reader fits a session's desktop name. GNOME-based desktops share GNOME's settings. */
export function desktopKind(desktop: string): DesktopKind {
  if (/kde|plasma/i.test(desktop)) return 'kde';
  if (desktop === '' || /gnome|ubuntu|pop|unity|zorin|budgie/i.test(desktop)) return 'gnome';
  return 'other';
}

/** gsettings prints `true` / `false`. */
export function parseGsettingsBool(stdout: string): boolean | null {
  const v = stdout.trim();
  return v === 'true' ? true : v === 'false' ? false : null;
}

/** gsettings prints unsigned ints as `uint32 300` (a bare number is accepted too). */
export function parseGsettingsUint(stdout: string): number | null {
  const m = /^(?:uint32\s+)?(\d+)$/.exec(stdout.trim());
  return m?.[1] ? Number(m[1]) : null;
}

export interface LockSettings {
  lockEnabled: boolean | null;
  idleSeconds: number | null;
  lockDelaySeconds: number | null;
}

interface KdeGroup {
  values: Record<string, string>;
  /** Keys an administrator locked with [$i] (the whole group or file, or one key). */
  locked: Set<string> | 'all';
}

/** The [Daemon] group of a kscreenlockerrc, with KDE's [$i] "immutable" marks. */
function readDaemonGroup(text: string | null): KdeGroup {
  let group = '';
  let locked: Set<string> | 'all' = new Set();
  const values: Record<string, string> = {};
  for (const raw of (text ?? '').split('\n')) {
    const line = raw.trim();
    if (line === '[$i]' && group === '') {
      locked = 'all';
      continue;
    }
    if (line.startsWith('[')) {
      group = line.replace(/\[\$i\]$/, '');
      if (group === '[Daemon]' && line.endsWith('[$i]')) locked = 'all';
      continue;
    }
    const eq = line.indexOf('=');
    if (group !== '[Daemon]' || eq <= 0) continue;
    const rawKey = line.slice(0, eq).trim();
    const key = rawKey.replace(/\[\$i\]$/, '');
    values[key] = line.slice(eq + 1).trim();
    if (rawKey !== key && locked !== 'all') locked.add(key);
  }
  return { values, locked };
}

export interface KdeLockSettings extends LockSettings {
  /** Lock when waking from sleep (LockOnResume, default true), even if Autolock is off. */
  lockOnResume: boolean;
}

/**
 * KDE screen locking from ~/.config/kscreenlockerrc over the system defaults in
 * /etc/xdg/kscreenlockerrc ([Daemon] group). KDE writes only values changed from its defaults:
 * Autolock=true, Timeout=5 (minutes), LockGrace=5 (seconds), LockOnResume=true. A value the
 * administrator locked with [$i] in the system file cannot be changed by the person.
 */
export function kdeLockSettings(userText: string | null, systemText: string | null = null): KdeLockSettings {
  const sys = readDaemonGroup(systemText);
  const usr = readDaemonGroup(userText);
  const values = { ...sys.values };
  for (const [k, v] of Object.entries(usr.values)) {
    if (sys.locked !== 'all' && !sys.locked.has(k)) values[k] = v;
  }
  const int = (v: string | undefined, fallback: number) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : fallback);
  const bool = (v: string | undefined) => (v ?? 'true').toLowerCase() !== 'false';
  return {
    lockEnabled: bool(values.Autolock),
    idleSeconds: int(values.Timeout, 5) * 60,
    lockDelaySeconds: int(values.LockGrace, 5),
    lockOnResume: bool(values.LockOnResume),
  };
}

/** ~/.config/kscreenlockerrc alone (no system defaults); see kdeLockSettings. */
export function parseKscreenlockerrc(text: string | null): LockSettings {
  const { lockEnabled, idleSeconds, lockDelaySeconds } = kdeLockSettings(text);
  return { lockEnabled, idleSeconds, lockDelaySeconds };
}
