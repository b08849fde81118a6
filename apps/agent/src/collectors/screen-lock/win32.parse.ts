import { LIMITS, type ScreenLockUser } from '@safefleet/protocol';
import { asArray, asRecord } from '../../exec/powershell.js';
import { userLabel } from '../accounts/win32.parse.js';
import { clip } from '../types.js';

/** Power setting GUIDs: the same in every language (powercfg's labels are translated). */
export const POWER_GUID = {
  VIDEOIDLE: '3c0bc021-c8a8-4e07-a973-6b14cbcb2b7e',
  STANDBYIDLE: '29f6c1db-86da-48c5-9fdb-f2b67b1f44da',
  CONSOLELOCK: '0e796bdb-100d-47d6-a2d5-f7d2daa51f51',
} as const;

export interface AcDc {
  ac: number;
  dc: number;
}

/**
 * `powercfg /q SCHEME_CURRENT <sub> <setting>` → the current AC and DC values: the last two `0x…`
 * numbers after the setting's GUID (the "Current AC/DC Power Setting Index" lines, whose labels
 * are localised). null when the setting is not in the output.
 */
export function parsePowercfg(text: string, guid: string): AcDc | null {
  const at = text.toLowerCase().indexOf(guid.toLowerCase());
  if (at < 0) return null;
  const hex = [...text.slice(at + guid.length).matchAll(/\b0x([0-9a-f]{1,8})\b/gi)].map((m) => parseInt(m[1] ?? '', 16));
  if (hex.length < 2) return null;
  return { ac: hex[hex.length - 2] ?? 0, dc: hex[hex.length - 1] ?? 0 };
}

export interface PowerSettings {
  video: AcDc | null;
  standby: AcDc | null;
  consoleLock: AcDc | null;
}

/** Group Policy copies (HKLM\SOFTWARE\Policies\Microsoft\Power\PowerSettings\<GUID>) win over the scheme. */
export function applyPowerPolicy(scheme: PowerSettings, policy: unknown): PowerSettings {
  const out = { ...scheme };
  for (const item of asArray(policy)) {
    const p = asRecord(item);
    const guid = typeof p?.Setting === 'string' ? p.Setting.toLowerCase() : '';
    const ac = typeof p?.AC === 'number' ? p.AC : null;
    const dc = typeof p?.DC === 'number' ? p.DC : null;
    const key =
      guid === POWER_GUID.VIDEOIDLE ? 'video' : guid === POWER_GUID.STANDBYIDLE ? 'standby' : guid === POWER_GUID.CONSOLELOCK ? 'consoleLock' : null;
    if (!key || (ac === null && dc === null)) continue;
    const base = out[key];
    out[key] = { ac: ac ?? base?.ac ?? 0, dc: dc ?? base?.dc ?? 0 };
  }
  return out;
}

const num = (v: unknown): number | null => {
  const s = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : '';
  return /^\d+$/.test(s) ? Number(s) : null;
};
const pick = (policy: unknown, user: unknown): string | null => {
  const p = typeof policy === 'string' ? policy.trim() : '';
  if (p) return p;
  return typeof user === 'string' ? user.trim() : null;
};

interface Mechanism {
  seconds: number;
  source: 'windows-policy' | 'screensaver' | 'power';
}

/**
 * Seconds until the screen locks through sleep, on both AC and DC (the longer of the two): sleep
 * on and "require sign-in on wake" (CONSOLELOCK = 1) for that power source. null when it does not
 * lock that way on one of them (never sleeps, or wakes without a password), undefined = unknown.
 */
function powerLockSeconds(p: PowerSettings): number | null | undefined {
  if (!p.standby || !p.consoleLock) return undefined;
  const ac = p.standby.ac > 0 && p.consoleLock.ac === 1 ? p.standby.ac : null;
  const dc = p.standby.dc > 0 && p.consoleLock.dc === 1 ? p.standby.dc : null;
  return ac !== null && dc !== null ? Math.max(ac, dc) : null;
}

/**
 * SCREEN_LOCK_SCRIPT document + powercfg → one entry per signed-in person (loaded hive).
 * The screen locks after the shortest of: the machine inactivity limit (InactivityTimeoutSecs
 * > 0), a secure active screensaver's timeout (policy values override the person's), or sleep with
 * sign-in on wake. None of them → lockEnabled false and idleSeconds = when the screen blanks
 * (0 = never); unknown power settings with nothing else → null.
 */
export function buildScreenLockUsers(doc: unknown, power: PowerSettings): ScreenLockUser[] {
  const o = asRecord(doc) ?? {};
  const computer = typeof o.computer === 'string' ? o.computer : null;
  const inactivity = num(o.inactivityTimeoutSecs);
  const eff = applyPowerPolicy(power, o.powerPolicy);
  const viaPower = powerLockSeconds(eff);

  return asArray(o.users)
    .slice(0, LIMITS.maxScreenLockUsers)
    .flatMap((item): ScreenLockUser[] => {
      const u = asRecord(item);
      const sid = typeof u?.Sid === 'string' ? u.Sid : '';
      if (!u || !sid) return [];
      const user = clip(userLabel({ sid, path: '', account: typeof u.Account === 'string' ? u.Account : null }, computer));
      const active = pick(u.PolicyScreenSaveActive, u.ScreenSaveActive) === '1';
      const secure = pick(u.PolicyScreenSaverIsSecure, u.ScreenSaverIsSecure) === '1';
      const timeout = num(pick(u.PolicyScreenSaveTimeOut, u.ScreenSaveTimeOut));

      const found: Mechanism[] = [];
      if (inactivity !== null && inactivity > 0) found.push({ seconds: inactivity, source: 'windows-policy' });
      if (active && secure && timeout !== null && timeout > 0) found.push({ seconds: timeout, source: 'screensaver' });
      if (typeof viaPower === 'number') found.push({ seconds: viaPower, source: 'power' });
      const best = found.sort((a, b) => a.seconds - b.seconds)[0];
      if (best) return [{ user, lockEnabled: true, idleSeconds: best.seconds, lockDelaySeconds: 0, source: best.source }];
      if (viaPower === undefined) return [{ user, lockEnabled: null, idleSeconds: null, lockDelaySeconds: null, source: 'power' }];

      const blanks = [
        active && timeout ? timeout : 0,
        eff.video ? (eff.video.ac && eff.video.dc ? Math.max(eff.video.ac, eff.video.dc) : 0) : 0,
      ].filter((s) => s > 0);
      return [
        {
          user,
          lockEnabled: false,
          idleSeconds: blanks.length > 0 ? Math.min(...blanks) : 0,
          lockDelaySeconds: 0,
          source: active ? 'screensaver' : 'power',
        },
      ];
    });
}
