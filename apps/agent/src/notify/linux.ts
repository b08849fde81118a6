import type { NotifyArgs } from '@safefleet/protocol';
import { describeFailure, type Host, type RunOptions } from '../exec/index.js';
import { parsePasswd } from '../collectors/accounts/linux.parse.js';
import { findSessions } from '../collectors/screen-lock/linux.js';
import type { NotifyOutcome } from './types.js';

export const NOTIFY_SEND = 'notify-send';

/** notify-send treats the body as simple markup: &, < and > must be written as entities. */
export function escapeMarkup(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The exact arguments: `notify-send --app-name=Safefleet --urgency=normal --icon=dialog-password -- <title> <body>`. */
export function notifySendArgs(args: NotifyArgs): string[] {
  return ['--app-name=Safefleet', '--urgency=normal', '--icon=dialog-password', '--', args.title, escapeMarkup(args.body)];
}

/**
 * The same, asking notify-send (libnotify 0.7.9 and later) to print the notification's id once
 * shown, offer a click ("default" action) and wait until it is clicked, dismissed or expires.
 */
export function trackedNotifySendArgs(args: NotifyArgs): string[] {
  const plain = notifySendArgs(args);
  const end = plain.indexOf('--');
  return [...plain.slice(0, end), '--print-id', '--wait', '--action=default=Open', ...plain.slice(end)];
}

/** How long the agent waits for a click before it stops listening (the notification stays). */
export const WAIT_FOR_CLICK_MS = 15 * 60_000;

/**
 * What `notify-send --print-id --wait --action=default=Open` printed: the notification's id on the
 * first line (it was shown), then the name of the action when the person clicked it ("default");
 * nothing more when it expired or was dismissed. Pure; tested against recorded output.
 */
export function parseNotifySendOutput(stdout: string): { id: number | null; action: string | null } {
  const lines = stdout
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const first = lines[0];
  const id = first !== undefined && /^\d+$/.test(first) ? Number(first) : null;
  const action = lines.slice(id === null ? 0 : 1).find((l) => /^[A-Za-z][A-Za-z0-9_-]*$/.test(l)) ?? null;
  return { id, action };
}

export interface DesktopUser {
  uid: number;
  gid: number;
  username: string;
  home: string;
}

/** Run as the person, on their own session bus (what notify-send talks to). */
export function notifySendOptions(u: DesktopUser): RunOptions {
  return {
    uid: u.uid,
    gid: u.gid,
    timeoutMs: 10_000,
    env: {
      DBUS_SESSION_BUS_ADDRESS: `unix:path=/run/user/${u.uid}/bus`,
      XDG_RUNTIME_DIR: `/run/user/${u.uid}`,
      HOME: u.home,
      USER: u.username,
      LOGNAME: u.username,
    },
  };
}

/**
 * People with a desktop session, found the way the screen-lock collector finds them: logind's
 * graphical sessions, else a session bus socket in /run/user/<uid>/bus.
 */
export async function desktopUsers(host: Host): Promise<DesktopUser[]> {
  const uids = (await findSessions(host)).map((s) => s.uid);
  const passwd = parsePasswd((await host.readFile('/etc/passwd')) ?? '');
  return uids.flatMap((uid) => {
    const p = passwd.find((e) => e.uid === uid);
    return p ? [{ uid, gid: p.gid, username: p.username, home: p.home }] : [];
  });
}

/** Shows the notification to every desktop user, or only to `args.user`. */
export async function showLinux(host: Host, args: NotifyArgs): Promise<NotifyOutcome> {
  const all = await desktopUsers(host);
  const users = args.user ? all.filter((u) => u.username === args.user) : all;
  if (users.length === 0) {
    const who = args.user ? `${args.user} is not signed in to a desktop` : 'no one is signed in to a desktop';
    return { shownTo: [], problems: [`not shown: ${who}`] };
  }
  if (!(await host.which(NOTIFY_SEND))) {
    return { shownTo: [], problems: ['not shown: notify-send is not installed (on Debian or Ubuntu it is in the libnotify-bin package)'] };
  }
  const outcome: NotifyOutcome = { shownTo: [], problems: [], events: [] };
  await Promise.all(users.map((u) => showTo(host, args, u, outcome)));
  return outcome;
}

/**
 * One person: notify-send with a click action, waiting for the click (shown = the id it printed,
 * opened = the "default" action). When that form fails (an older notify-send refuses the options,
 * or no id came back), the plain form is tried, which can only say "shown".
 */
async function showTo(host: Host, args: NotifyArgs, u: DesktopUser, outcome: NotifyOutcome): Promise<void> {
  const shownAt = new Date().toISOString();
  const tracked = await host.run(NOTIFY_SEND, trackedNotifySendArgs(args), { ...notifySendOptions(u), timeoutMs: WAIT_FOR_CLICK_MS });
  const printed = parseNotifySendOutput(tracked.stdout);
  if (printed.id !== null || !describeFailure(NOTIFY_SEND, tracked)) {
    outcome.shownTo.push(u.username);
    outcome.events?.push({ event: 'shown', user: u.username, at: shownAt });
    if (printed.action === 'default') outcome.events?.push({ event: 'opened', user: u.username, at: new Date().toISOString() });
    return;
  }
  const r = await host.run(NOTIFY_SEND, notifySendArgs(args), notifySendOptions(u));
  const failed = describeFailure(NOTIFY_SEND, r);
  if (failed) {
    outcome.problems.push(`not shown to ${u.username}: ${failed}`);
    return;
  }
  outcome.shownTo.push(u.username);
  outcome.events?.push({ event: 'shown', user: u.username, at: new Date().toISOString() });
}
