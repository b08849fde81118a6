/** A real `ws` browser stand-in on /ws/console, for gateway tests (not part of the build). */
import WebSocket from 'ws';
import { ConsoleEvent, CONSOLE_WS_PATH } from '@safefleet/protocol';

/** The events whose `type` can be T (alert events share one schema for two types). */
type EventOf<T extends ConsoleEvent['type']> = ConsoleEvent extends infer E
  ? E extends { type: infer U }
    ? T extends U
      ? E
      : never
    : never
  : never;

export interface Closed {
  code: number;
  reason: string;
}

export class ConsoleClient {
  readonly events: ConsoleEvent[] = [];
  private read = 0;
  private waiters: Array<() => void> = [];
  readonly closed: Promise<Closed>;
  pings = 0;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      // Every frame must be a valid ConsoleEvent (parse throws otherwise and fails the test).
      this.events.push(ConsoleEvent.parse(JSON.parse(String(data))));
      for (const w of this.waiters.splice(0)) w();
    });
    ws.on('ping', () => this.pings++);
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
        for (const w of this.waiters.splice(0)) w();
      });
    });
    ws.on('error', () => {});
  }

  /** Connects with the session cookie ("name=value"); rejects with "HTTP <status>" when refused. */
  static connect(baseUrl: string, cookie: string | null): Promise<ConsoleClient> {
    const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}${CONSOLE_WS_PATH}`, { headers: cookie ? { cookie } : {} });
    const client = new ConsoleClient(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(client));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  /** The next unread event matching `pred` (earlier non-matching ones are skipped). */
  async next<T extends ConsoleEvent['type']>(type: T, pred: (e: EventOf<T>) => boolean = () => true, timeoutMs = 5_000): Promise<EventOf<T>> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      while (this.read < this.events.length) {
        const e = this.events[this.read++]!;
        if (e.type === type && pred(e as EventOf<T>)) return e as EventOf<T>;
      }
      const left = end - Date.now();
      if (left <= 0 || this.ws.readyState === WebSocket.CLOSED) throw new Error(`no ${type} event; got ${JSON.stringify(this.events)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Events of `type` received so far. */
  all<T extends ConsoleEvent['type']>(type: T): Array<EventOf<T>> {
    return this.events.filter((e) => e.type === type) as Array<EventOf<T>>;
  }
}
