import type { NotifyArgs } from '@safefleet/protocol';
import type { Host } from '../exec/index.js';

export type Log = (message: string) => void;

/** What showing one notification came to, in plain words for the agent's log. */
export interface NotifyOutcome {
  /** Local users it was shown to. */
  shownTo: string[];
  /** Why it was not shown (to someone), if so. */
  problems: string[];
}

/** Shows `args` natively on one OS. */
export type PlatformNotifier = (host: Host, args: NotifyArgs) => Promise<NotifyOutcome>;
