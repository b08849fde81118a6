/** A real SMTP server (smtp-server) on 127.0.0.1 that keeps every message it accepts. */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface CaughtMail {
  from: string;
  to: string[];
  raw: string;
  subject: string;
  /** The body after the headers (quoted-printable soft breaks joined). */
  text: string;
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

/** Subject (RFC 2047 words decoded) and text body (quoted-printable decoded) of a simple message. */
export function parseMessage(raw: string): { subject: string; text: string } {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const subjectLine = /^subject: (.*)$/im.exec(unfolded)?.[1] ?? '';
  const subject = subjectLine.replace(/=\?utf-8\?([qb])\?([^?]*)\?=\s*/gi, (_m, enc: string, data: string) =>
    enc.toLowerCase() === 'b' ? Buffer.from(data, 'base64').toString('utf8') : decodeQp(data.replace(/_/g, ' ')),
  );
  let body = rest.join('\n\n');
  if (/content-transfer-encoding: quoted-printable/i.test(unfolded)) body = decodeQp(body);
  else if (/content-transfer-encoding: base64/i.test(unfolded)) body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return { subject, text: body.replace(/\r\n/g, '\n') };
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
