import type { NotifyArgs } from '@safefleet/protocol';
import type { Host } from '../exec/index.js';
import { showDarwin } from './darwin.js';
import { showLinux } from './linux.js';
import type { Log, NotifyEvent, NotifyOutcome, PlatformNotifier } from './types.js';
import { showWin32 } from './win32.js';

export type { NotifyEvent, NotifyOutcome } from './types.js';

const NOTIFIERS: Record<Host['platform'], PlatformNotifier> = { linux: showLinux, darwin: showDarwin, win32: showWin32 };

/**
 * Handles a `notify` command from the console: shows a native notification to the person signed
 * in (only to `args.user` when given) — notify-send on Linux, osascript on macOS, a toast on
 * Windows — and logs plainly whether it was shown. Never throws.
 */
export async function handleNotify(
  args: NotifyArgs,
  host: Host,
  log: Log,
  /** Told each "shown" and "opened" (the agent sends them to the console as notify-status). */
  report: (e: NotifyEvent) => void = () => {},
): Promise<NotifyOutcome> {
  log(`notification received: ${args.title}${args.user ? ` (for ${args.user})` : ''}`);
  let outcome: NotifyOutcome;
  try {
    outcome = await NOTIFIERS[host.platform](host, args);
  } catch (err) {
    outcome = { shownTo: [], problems: [`not shown: ${(err as Error).message}`] };
  }
  if (outcome.shownTo.length > 0) log(`notification shown to ${outcome.shownTo.join(', ')}: "${args.title}"`);
  for (const p of outcome.problems) log(`notification ${p}`);
  const at = new Date().toISOString();
  const events = outcome.events ?? outcome.shownTo.map((user): NotifyEvent => ({ event: 'shown', user, at }));
  for (const e of events) {
    if (e.event === 'opened') log(`notification opened by ${e.user}: "${args.title}"`);
    report(e);
  }
  return outcome;
}
