/** A real SMTP server (smtp-server) and a real HTTP webhook receiver on 127.0.0.1, for alert tests. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface CaughtMail {
  from: string;
  to: string[];
  raw: string;
  subject: string;
  /** The body after the headers (quoted-printable soft breaks joined); the text/plain part of a multipart message. */
  text: string;
  /** The text/html part of a multipart/alternative message, decoded (null when there is none). */
  html: string | null;
}

export class MailCatcher {
  readonly mails: CaughtMail[] = [];
  private server: SMTPServer | undefined;
  port = 0;

  /** Starts on `port` (0: any free port). With `auth`, only that user and password may send. */
  async start(port = 0, auth?: { user: string; pass: string }): Promise<void> {
    this.server = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      authOptional: !auth,
      allowInsecureAuth: true,
      logger: false,
      onAuth(a, _session, cb) {
        if (auth && a.username === auth.user && a.password === auth.pass) cb(null, { user: a.username });
        else cb(new Error('Invalid username or password'));
      },
      onData: (stream, session, cb) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          this.mails.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw,
            ...parseMessage(raw),
          });
          cb();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  async waitFor(count: number, timeoutMs = 10_000): Promise<CaughtMail[]> {
    const end = Date.now() + timeoutMs;
    while (this.mails.length < count) {
      if (Date.now() > end) throw new Error(`expected ${count} emails, got ${this.mails.length}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    return this.mails;
  }
}

/**
 * Subject (RFC 2047 words decoded) and bodies (quoted-printable / base64 decoded) of a simple or
 * multipart/alternative message: `text` is the text/plain part, `html` the text/html part.
 */
export function parseMessage(raw: string): { subject: string; text: string; html: string | null } {
  const simple = parseSimple(raw);
  const found: { text: string; html: string | null } = { text: '', html: null };
  // multipart/mixed (attachments) may hold a multipart/alternative (text + HTML): walk the tree.
  const walk = (entity: string, top: boolean) => {
    const head = entity.split(/\r?\n\r?\n/)[0] ?? '';
    const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
    const boundary = /content-type: multipart\/[a-z]+;.*?boundary="?([^";\r\n]+)"?/i.exec(unfolded)?.[1];
    if (!boundary) {
      if (top) found.text = simple.text;
      return;
    }
    const parts = entity
      .split(`--${boundary}`)
      .slice(1)
      .filter((p) => !p.startsWith('--'));
    for (const part of parts) {
      const body = part.replace(/^\r?\n/, '');
      const p = parseSimple(body);
      if (/content-type: multipart\//i.test(p.head)) walk(body, false);
      else if (/content-type: text\/html/i.test(p.head)) found.html = p.text;
      else if (/content-type: text\/plain/i.test(p.head) && !/content-disposition: attachment/i.test(p.head)) found.text = p.text;
    }
  };
  walk(raw, true);
  const multipart = /content-type: multipart\//i.test((raw.split(/\r?\n\r?\n/)[0] ?? '').replace(/\r?\n[ \t]+/g, ' '));
  return { subject: simple.subject, text: multipart ? found.text.replace(/\n+$/, '') : found.text, html: found.html };
}

function parseSimple(raw: string): { subject: string; text: string; head: string } {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const subjectLine = /^subject: (.*)$/im.exec(unfolded)?.[1] ?? '';
  const subject = subjectLine.replace(/=\?utf-8\?([qb])\?([^?]*)\?=\s*/gi, (_m, enc: string, data: string) =>
    enc.toLowerCase() === 'b' ? Buffer.from(data, 'base64').toString('utf8') : decodeQp(data.replace(/_/g, ' ')),
  );
  let body = rest.join('\n\n');
  if (/content-transfer-encoding: quoted-printable/i.test(unfolded)) body = decodeQp(body);
  else if (/content-transfer-encoding: base64/i.test(unfolded)) body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return { subject, text: body.replace(/\r\n/g, '\n'), head: unfolded };
}

function decodeQp(s: string): string {
  const bytes: number[] = [];
  const joined = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < joined.length; i++) {
    const c = joined[i]!;
    if (c === '=' && /^[0-9A-F]{2}$/i.test(joined.slice(i + 1, i + 3))) {
      bytes.push(parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(c, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

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

export async function until<T>(
  what: string,
  fn: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
