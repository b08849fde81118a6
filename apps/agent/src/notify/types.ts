import type { NotifyArgs } from '@safefleet/protocol';
import type { Host } from '../exec/index.js';

export type Log = (message: string) => void;

/** What showing one notification came to, in plain words for the agent's log. */
export interface NotifyOutcome {
  /** Local users it was shown to. */
  shownTo: string[];
  /** Why it was not shown (to someone), if so. */
  problems: string[];
  /**
   * When it was shown and when the person clicked it, per user, where the OS tells us (Linux:
   * notify-send --wait). Absent: handleNotify counts each of `shownTo` as shown when the call returned.
   */
  events?: NotifyEvent[];
}

/** A notification was shown to `user`, or `user` clicked it (`opened`), at `at` (ISO). */
export interface NotifyEvent {
  event: 'shown' | 'opened';
  user: string;
  at: string;
}

/** Shows `args` natively on one OS. */
export type PlatformNotifier = (host: Host, args: NotifyArgs) => Promise<NotifyOutcome>;
