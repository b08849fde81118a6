/** A real `ws` client speaking the agent protocol, for gateway tests (not part of the build). */
import WebSocket from 'ws';
import type { ServerMessage } from '@safefleet/protocol';

export interface Closed {
  code: number;
  reason: string;
}

export class TestAgent {
  private readonly inbox: ServerMessage[] = [];
  private waiters: Array<() => void> = [];
  readonly closed: Promise<Closed>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.inbox.push(JSON.parse(String(data)) as ServerMessage);
      for (const w of this.waiters.splice(0)) w();
    });
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
        for (const w of this.waiters.splice(0)) w();
      });
    });
    ws.on('error', () => {});
  }

  /** Connects with "Bearer <deviceId>.<secret>"; rejects with the HTTP status on refusal. */
  static connect(baseUrl: string, auth: string | null): Promise<TestAgent> {
    const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/ws/agent`, {
      headers: auth ? { authorization: `Bearer ${auth}` } : {},
    });
    const agent = new TestAgent(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(agent));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The next message of `type` (earlier messages of other types stay queued). */
  async next<T extends ServerMessage['type']>(type: T, timeoutMs = 5_000): Promise<Extract<ServerMessage, { type: T }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.inbox.findIndex((m) => m.type === type);
      if (i !== -1) return this.inbox.splice(i, 1)[0] as Extract<ServerMessage, { type: T }>;
      if (this.ws.readyState === WebSocket.CLOSED) throw new Error(`socket closed while waiting for "${type}"`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no "${type}" message within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** The next message of any type, in the order the server sent them. */
  async nextAny(timeoutMs = 5_000): Promise<ServerMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const first = this.inbox.shift();
      if (first) return first;
      if (this.ws.readyState === WebSocket.CLOSED) throw new Error('socket closed while waiting for a message');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no message within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.ws.close();
  }
}
