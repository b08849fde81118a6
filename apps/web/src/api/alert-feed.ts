import type { Alert, AlertEvent } from '@safefleet/protocol';
import { applyAlertEvent } from '../lib/alerts';
import { api } from './endpoints';
import type { LiveConnection, LiveEvent } from './live';

export interface AlertFeedState {
  /** Open alerts, newest first; undefined until the first load answers. */
  open: Alert[] | undefined;
  error: string | null;
}

/**
 * The open-alerts feed of the signed-in user: loaded from GET /api/alerts?status=open, then kept
 * current from the console WebSocket's `alert-opened` / `alert-resolved` events (already redacted
 * by the server for a viewer). It loads again on every (re)connect (`hello`, `resync`), because
 * events sent while the socket was away are not replayed; events that arrive while a load is in
 * flight are applied again on top of its answer, so none is lost to the race.
 */
export class AlertFeed {
  state: AlertFeedState = { open: undefined, error: null };
  private readonly listeners = new Set<() => void>();
  private unsubscribe: (() => void) | null = null;
  private seq = 0;
  private during: AlertEvent[] = [];

  constructor(
    private readonly live: Pick<LiveConnection, 'subscribe'>,
    private readonly load: () => Promise<Alert[]> = () => api.alerts({ status: 'open' }),
  ) {}

  start(): void {
    this.unsubscribe?.();
    this.unsubscribe = this.live.subscribe((e) => this.onEvent(e));
    void this.reload();
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.seq++;
  }

  /** For useSyncExternalStore. */
  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  getSnapshot = (): AlertFeedState => this.state;

  async reload(): Promise<void> {
    const mine = ++this.seq;
    this.during = [];
    try {
      const list = await this.load();
      if (mine !== this.seq) return;
      this.set({ open: this.during.reduce(applyAlertEvent, list), error: null });
    } catch (err) {
      if (mine !== this.seq) return;
      this.set({ ...this.state, error: err instanceof Error ? err.message : String(err) });
    }
  }

  private onEvent(e: LiveEvent): void {
    if (e.type === 'alert-opened' || e.type === 'alert-resolved') {
      this.during.push(e);
      if (this.state.open) this.set({ ...this.state, open: applyAlertEvent(this.state.open, e) });
    } else if (e.type === 'hello' || e.type === 'resync') {
      void this.reload();
    }
  }

  private set(next: AlertFeedState): void {
    this.state = next;
    for (const fn of this.listeners) fn();
  }
}
