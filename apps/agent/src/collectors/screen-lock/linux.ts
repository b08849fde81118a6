import type { ScreenLockUser } from '@safefleet/protocol';
import { describeFailure, type Host } from '../../exec/index.js';
import { parsePasswd, type PasswdEntry } from '../accounts/linux.parse.js';
import { clip, type CollectContext, type GroupInput } from '../types.js';
import {
  desktopKind,
  graphicalSessions,
  parseGsettingsBool,
  parseGsettingsUint,
  kdeLockSettings,
  parseSessionIds,
  parseShowSession,
  uidsFromRunUser,
  type DesktopSession,
} from './linux.parse.js';

export const LIST_SESSIONS_ARGS = ['list-sessions', '--no-legend'];
export const showSessionArgs = (ids: string[]) => [
  'show-session',
  '-p',
  'Type',
  '-p',
  'Class',
  '-p',
  'Name',
  '-p',
  'User',
  '-p',
  'Desktop',
  '-p',
  'State',
  ...ids,
];
export const GSETTINGS_KEYS = {
  lockEnabled: ['get', 'org.gnome.desktop.screensaver', 'lock-enabled'],
  lockDelay: ['get', 'org.gnome.desktop.screensaver', 'lock-delay'],
  idleDelay: ['get', 'org.gnome.desktop.session', 'idle-delay'],
} as const;

/** System-wide KDE defaults (and administrator locks) under the person's own file. */
export const KDE_SYSTEM_RC = '/etc/xdg/kscreenlockerrc';

export const NO_SESSION = 'No desktop session is running, so the screen-lock setting cannot be read';

/**
 * Screen lock is a per-person desktop setting: it can only be read from a running graphical
 * session, as that person, on their own session bus.
 */
export async function collectScreenLockLinux(ctx: CollectContext): Promise<GroupInput<'screenLock'>> {
  const { host } = ctx;
  const sessions = await findSessions(host);
  if (sessions.length === 0) return { status: 'unsupported', error: NO_SESSION };

  const passwd = parsePasswd((await host.readFile('/etc/passwd')) ?? '');
  const results = await Promise.all(
    sessions.map((s) =>
      readUser(
        host,
        s,
        passwd.find((p) => p.uid === s.uid),
      ),
    ),
  );
  const users = results.map((r) => r.user);
  const problems = results.flatMap((r) => (r.problem ? [r.problem] : []));
  const anyKnown = users.some((u) => u.lockEnabled !== null || u.idleSeconds !== null);
  if (anyKnown) return { status: 'ok', users };
  const allOther = results.every((r) => r.unsupportedDesktop);
  return { status: allOther ? 'unsupported' : 'error', error: clip(problems.join('; '), 2000), users };
}

/** Desktop sessions: logind's graphical sessions, else a session bus in /run/user/<uid>/bus. Also used by notify/. */
export async function findSessions(host: Host): Promise<DesktopSession[]> {
  if (await host.which('loginctl')) {
    const list = await host.run('loginctl', LIST_SESSIONS_ARGS, { timeoutMs: 10_000 });
    if (list.exitCode === 0) {
      const ids = parseSessionIds(list.stdout);
      if (ids.length === 0) return [];
      const show = await host.run('loginctl', showSessionArgs(ids), { timeoutMs: 10_000 });
      return graphicalSessions(parseShowSession(show.stdout));
    }
  }
  // No logind to ask (e.g. no systemd): a user session bus in /run/user is the next best sign.
  const uids = uidsFromRunUser((await host.listDir('/run/user')) ?? []);
  const withBus = await Promise.all(uids.map(async (uid) => ((await host.exists(`/run/user/${uid}/bus`)) ? uid : null)));
  return withBus.filter((u): u is number => u !== null).map((uid) => ({ uid, user: String(uid), desktop: '' }));
}

interface UserResult {
  user: ScreenLockUser;
  problem?: string;
  unsupportedDesktop?: boolean;
}

async function readUser(host: Host, s: DesktopSession, pw: PasswdEntry | undefined): Promise<UserResult> {
  const name = clip(pw?.username ?? s.user);
  const unknown = (source: string): ScreenLockUser => ({ user: name, lockEnabled: null, idleSeconds: null, lockDelaySeconds: null, source });
  const kind = desktopKind(s.desktop);
  if (!pw) return { user: unknown(kind), problem: `user ${s.uid} has a desktop session but no entry in /etc/passwd` };
  if (kind === 'kde') {
    const [rc, systemRc] = await Promise.all([
      host.readFile(`${pw.home}/.config/kscreenlockerrc`, { maxBytes: 64 * 1024 }),
      host.readFile(KDE_SYSTEM_RC, { maxBytes: 64 * 1024 }),
    ]);
    const kde = kdeLockSettings(rc, systemRc);
    const source = !kde.lockEnabled && kde.lockOnResume ? 'kde: locks only when waking from sleep' : 'kde';
    return { user: { user: name, lockEnabled: kde.lockEnabled, idleSeconds: kde.idleSeconds, lockDelaySeconds: kde.lockDelaySeconds, source } };
  }
  if (kind === 'other') {
    return {
      user: unknown(clip(`unsupported desktop: ${s.desktop}`)),
      problem: `The screen lock of the ${s.desktop} desktop cannot be read yet`,
      unsupportedDesktop: true,
    };
  }
  if (!(await host.which('gsettings'))) {
    return { user: unknown('gnome'), problem: 'gsettings is not installed, so the GNOME screen-lock setting cannot be read' };
  }
  // As that person, on their own session bus (node drops root's supplementary groups on setuid).
  const opts = {
    uid: s.uid,
    gid: pw.gid,
    timeoutMs: 10_000,
    env: {
      DBUS_SESSION_BUS_ADDRESS: `unix:path=/run/user/${s.uid}/bus`,
      XDG_RUNTIME_DIR: `/run/user/${s.uid}`,
      HOME: pw.home,
      USER: name,
    },
  };
  const [enabled, delay, idle] = await Promise.all([
    host.run('gsettings', [...GSETTINGS_KEYS.lockEnabled], opts),
    host.run('gsettings', [...GSETTINGS_KEYS.lockDelay], opts),
    host.run('gsettings', [...GSETTINGS_KEYS.idleDelay], opts),
  ]);
  const user: ScreenLockUser = {
    user: name,
    lockEnabled: enabled.exitCode === 0 ? parseGsettingsBool(enabled.stdout) : null,
    idleSeconds: idle.exitCode === 0 ? parseGsettingsUint(idle.stdout) : null,
    lockDelaySeconds: delay.exitCode === 0 ? parseGsettingsUint(delay.stdout) : null,
    source: 'gnome',
  };
  const failed = describeFailure('gsettings', enabled);
  return failed ? { user, problem: `${name}: ${failed}` } : { user };
}
