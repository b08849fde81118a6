import type { NotifyArgs } from '@safefleet/protocol';
import type { Host } from '../exec/index.js';
import { showDarwin } from './darwin.js';
import { showLinux } from './linux.js';
import type { Log, NotifyOutcome, PlatformNotifier } from './types.js';
import { showWin32 } from './win32.js';

export type { NotifyOutcome } from './types.js';

const NOTIFIERS: Record<Host['platform'], PlatformNotifier> = { linux: showLinux, darwin: showDarwin, win32: showWin32 };

/**
 * Handles a `notify` command from the console: shows a native notification to the person signed
 * in (only to `args.user` when given) — notify-send on Linux, osascript on macOS, a toast on
 * Windows — and logs plainly whether it was shown. Never throws.
 */
export async function handleNotify(args: NotifyArgs, host: Host, log: Log): Promise<NotifyOutcome> {
  log(`notification received: ${args.title}${args.user ? ` (for ${args.user})` : ''}`);
  let outcome: NotifyOutcome;
  try {
    outcome = await NOTIFIERS[host.platform](host, args);
  } catch (err) {
    outcome = { shownTo: [], problems: [`not shown: ${(err as Error).message}`] };
  }
  if (outcome.shownTo.length > 0) log(`notification shown to ${outcome.shownTo.join(', ')}: "${args.title}"`);
  for (const p of outcome.problems) log(`notification ${p}`);
  return outcome;
}
