import { hostname } from 'node:os';
import nodemailer from 'nodemailer';
import { z } from 'zod';
import type { Settings } from './notification-settings.js';

/** An email as queued in the delivery log (the sender is added when it is sent). */
export const EmailPayload = z.object({
  to: z.string().min(1),
  subject: z.string(),
  text: z.string(),
  /** The same message as HTML (sent as a second part beside the text). */
  html: z.string().optional(),
  /** Files sent with it (the trustees' PDF), base64; at most 10 MB in all. */
  attachments: z
    .array(z.object({ filename: z.string().max(200), contentType: z.string().max(100), contentBase64: z.string().max(14_000_000) }))
    .max(5)
    .optional(),
});
export type EmailPayload = z.infer<typeof EmailPayload>;

/** How messages leave the console. Each resolves with the server's reply or throws with a plain message. */
export interface Transports {
  email(smtp: Settings['smtp'], from: string, message: EmailPayload): Promise<string>;
  webhook(url: string, body: unknown): Promise<string>;
}

export class TransportError extends Error {}

/** The sender: the console's setting, else the SMTP user if it is an address, else safefleet@<host>. */
export function senderOf(settings: Settings): string {
  if (settings.mailFrom) return settings.mailFrom;
  const user = settings.smtp?.user;
  if (user && user.includes('@')) return `Safefleet <${user}>`;
  return `Safefleet <safefleet@${hostname() || 'localhost'}>`;
}

export function createTransports(opts: { smtpTimeoutMs: number; webhookTimeoutMs: number }): Transports {
  return {
    async email(smtp, from, message) {
      if (!smtp) {
        throw new TransportError('No mail server is set up yet (set SAFEFLEET_SMTP_URL or the email settings in the console)');
      }
      const transport = nodemailer.createTransport({
        host: smtp.host,
        port: smtp.port,
        secure: smtp.tls === 'implicit',
        requireTLS: smtp.tls === 'starttls',
        ignoreTLS: smtp.tls === 'none',
        ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password ?? '' } } : {}),
        connectionTimeout: opts.smtpTimeoutMs,
        greetingTimeout: opts.smtpTimeoutMs,
        socketTimeout: opts.smtpTimeoutMs,
      });
      try {
        const info = await transport.sendMail({
          from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          ...(message.html ? { html: message.html } : {}),
          ...(message.attachments?.length
            ? {
                attachments: message.attachments.map((a) => ({
                  filename: a.filename,
                  contentType: a.contentType,
                  content: Buffer.from(a.contentBase64, 'base64'),
                })),
              }
            : {}),
        });
        return String(info.response ?? 'accepted');
      } finally {
        transport.close();
      }
    },
    async webhook(url, body) {
      let res: Response;
      try {
        res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'user-agent': 'Safefleet' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(opts.webhookTimeoutMs),
          redirect: 'error',
        });
      } catch (err) {
        const cause = (err as { cause?: { code?: string; message?: string } }).cause;
        throw new TransportError(`could not reach the webhook: ${cause?.code ?? cause?.message ?? (err as Error).message}`);
      }
      const text = (await res.text().catch(() => '')).slice(0, 200);
      if (!res.ok) throw new TransportError(`the webhook answered HTTP ${res.status}${text ? `: ${text}` : ''}`);
      return `HTTP ${res.status}`;
    },
  };
}

/** A short, plain description of why sending failed. */
export function describeSendError(err: unknown): string {
  const e = err as { code?: string; responseCode?: number; response?: string; message?: string };
  if (err instanceof TransportError) return err.message;
  if (e.code === 'ECONNREFUSED' || e.code === 'ESOCKET' || e.code === 'ECONNECTION') {
    return `could not connect to the mail server (${e.message ?? e.code})`;
  }
  if (e.code === 'EAUTH') return `the mail server refused the user name or password (${e.response ?? e.message ?? ''})`.trim();
  if (e.code === 'ETIMEDOUT') return 'the mail server did not answer in time';
  if (e.responseCode) return `the mail server refused the message: ${e.response ?? e.responseCode}`;
  return (e.message ?? String(err)).slice(0, 500);
}
