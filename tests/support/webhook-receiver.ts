/** A real HTTP server on 127.0.0.1 recording the JSON POSTs it gets (webhook payloads). */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CaughtRequest {
  path: string;
  body: Record<string, unknown>;
}

/** A real HTTP server recording JSON POSTs; `status` sets its answer. */
export class WebhookReceiver {
  readonly requests: CaughtRequest[] = [];
  status = 200;
  private server: Server | undefined;
  port = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        try {
          this.requests.push({ path: req.url ?? '/', body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> });
        } catch {
          this.requests.push({ path: req.url ?? '/', body: { unparsable: true } });
        }
        res.writeHead(this.status, { 'content-type': 'text/plain' }).end(this.status < 300 ? 'ok' : 'nope');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.server.address() as AddressInfo).port;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  on(path: string): CaughtRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }
}
