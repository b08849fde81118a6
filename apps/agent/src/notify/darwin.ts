import type { NotifyArgs } from '@safefleet/protocol';
import { describeFailure, type Host } from '../exec/index.js';
import type { NotifyOutcome } from './types.js';

/** Who owns the console (the person at the screen): `stat -f '%Su %u' /dev/console` → "kim 501". */
export const CONSOLE_USER = { file: '/usr/bin/stat', args: ['-f', '%Su %u', '/dev/console'] } as const;

export interface ConsoleUser {
  username: string;
  uid: number;
}

/** null at the login window (root) or in Setup Assistant (_mbsetupuser). */
export function parseConsoleUser(stdout: string): ConsoleUser | null {
  const m = /^(\S+)\s+(\d+)\s*$/.exec(stdout.trim());
  if (!m) return null;
  const [, username = '', uid = ''] = m;
  if (username === 'root' || username === 'loginwindow' || username.startsWith('_')) return null;
  return { username, uid: Number(uid) };
}

/**
 * In the person's GUI context: `launchctl asuser <uid> sudo -u <user> osascript …`. Title and body
 * are passed as arguments to the script's run handler, so no AppleScript quoting is needed.
 */
export function osascriptCommand(user: ConsoleUser, args: NotifyArgs): { file: string; args: string[] } {
  return {
    file: '/bin/launchctl',
    args: [
      'asuser',
      String(user.uid),
      '/usr/bin/sudo',
      '-u',
      user.username,
      '/usr/bin/osascript',
      '-e',
      'on run argv',
      '-e',
      'display notification (item 2 of argv) with title (item 1 of argv) subtitle "Safefleet"',
      '-e',
      'end run',
      args.title,
      args.body,
    ],
  };
}

export async function showDarwin(host: Host, args: NotifyArgs): Promise<NotifyOutcome> {
  const r = await host.run(CONSOLE_USER.file, [...CONSOLE_USER.args], { timeoutMs: 10_000 });
  const user = r.exitCode === 0 ? parseConsoleUser(r.stdout) : null;
  if (!user) return { shownTo: [], problems: ['not shown: no one is signed in at the screen'] };
  if (args.user && args.user !== user.username) {
    return { shownTo: [], problems: [`not shown: ${args.user} is not the person signed in at the screen`] };
  }
  const cmd = osascriptCommand(user, args);
  const shown = await host.run(cmd.file, cmd.args, { timeoutMs: 15_000 });
  const failed = describeFailure('osascript', shown);
  return failed ? { shownTo: [], problems: [`not shown to ${user.username}: ${failed}`] } : { shownTo: [user.username], problems: [] };
}
