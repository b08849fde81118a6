import type { NotifyArgs } from '@safefleet/protocol';

type Log = (message: string) => void;

/**
 * Handle a `notify` command from the console. This agent version does not show native
 * notifications: it records that one arrived, and says plainly that it was not shown.
 */
export function handleNotify(args: NotifyArgs, log: Log): void {
  const forUser = args.user ? `, meant for ${args.user}` : '';
  log(`notification received: ${args.title} (not shown on screen: this agent version only logs notifications${forUser})`);
}
