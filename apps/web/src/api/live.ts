import { CONSOLE_CLOSE_CODES, CONSOLE_WS_PATH, parseConsoleEvent, type ConsoleEvent } from '@safefleet/protocol';

export type LiveState = 'connecting' | 'live' | 'offline';
/** A synthetic event after reconnecting: events may have been missed, so reload. */
export type LiveEvent = ConsoleEvent | { type: 'resync' };

/** Delay before reconnect attempt n (0-based): 1 s, 2 s, 4 s … capped at 30 s, with ±20 % jitter. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1_000 * 2 ** Math.min(attempt, 5));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/**
 * The console WebSocket (/ws/console, authenticated by the session cookie). Reconnects on its own;
 * a close with 4401 (session ended) calls onSessionEnded instead. A close with 4409 (the session
 * now acts in another organisation, perhaps from another tab) is not a sign-out: it reconnects at
 * once, reloads (resync) and calls onOrganisationChanged so the page asks who and where it is.
 */
export class LiveConnection {
  private ws: WebSocket | null = null;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private everOpened = false;
  private readonly listeners = new Set<(e: LiveEvent) => void>();
  private readonly stateListeners = new Set<(s: LiveState) => void>();
  state: LiveState = 'connecting';

  constructor(
    private readonly onSessionEnded: () => void,
    private readonly onOrganisationChanged: () => void = () => {},
  ) {}

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.ws?.close(1000, 'signed out');
    this.ws = null;
  }

  subscribe(fn: (e: LiveEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  onState(fn: (s: LiveState) => void): () => void {
    this.stateListeners.add(fn);
    return () => this.stateListeners.delete(fn);
  }

  private setState(s: LiveState): void {
    this.state = s;
    for (const fn of this.stateListeners) fn(s);
  }

  private emit(e: LiveEvent): void {
    for (const fn of this.listeners) fn(e);
  }

  private connect(): void {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const ws = new WebSocket(`${scheme}://${location.host}${CONSOLE_WS_PATH}`);
    this.ws = ws;
    ws.onopen = () => {
      const wasReconnect = this.everOpened;
      this.everOpened = true;
      this.attempt = 0;
      this.setState('live');
      if (wasReconnect) this.emit({ type: 'resync' });
    };
    ws.onmessage = (msg) => {
      if (typeof msg.data !== 'string') return;
      const event = parseConsoleEvent(msg.data);
      if (event) this.emit(event);
    };
    ws.onclose = (ev) => {
      if (this.ws !== ws) return;
      this.ws = null;
      if (this.stopped) return;
      if (ev.code === CONSOLE_CLOSE_CODES.unauthorized) {
        this.setState('offline');
        this.onSessionEnded();
        return;
      }
      if (ev.code === CONSOLE_CLOSE_CODES.organisationChanged) {
        this.setState('connecting');
        this.onOrganisationChanged();
        this.attempt = 0;
        this.timer = setTimeout(() => this.connect(), 0);
        return;
      }
      this.setState('offline');
      this.timer = setTimeout(() => this.connect(), backoffMs(this.attempt++));
    };
  }
}
