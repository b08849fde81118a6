import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Sign-in-free links for keepers: `base64url(payload).base64url(HMAC-SHA256(key, payload))`, where
 * the payload names the keeper's email address (lower-cased) and an expiry time. A link opens a page
 * for that keeper's devices only; a changed byte or a passed expiry is refused.
 */
export const KEEPER_LINK_DAYS = 30;
const MAX_TOKEN = 1_000;

interface Payload {
  /** Keeper email, lower-cased. */
  k: string;
  /** Expiry, seconds since the epoch. */
  e: number;
}

export function newKeeperLinkKey(): string {
  return randomBytes(32).toString('base64url');
}

function sign(key: string, body: string): string {
  return createHmac('sha256', Buffer.from(key, 'base64url')).update(body).digest('base64url');
}

export function signKeeperToken(key: string, keeperEmail: string, now: Date, days = KEEPER_LINK_DAYS): string {
  const payload: Payload = { k: keeperEmail.trim().toLowerCase(), e: Math.floor(now.getTime() / 1000) + Math.round(days * 86_400) };
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${sign(key, body)}`;
}

export type KeeperTokenCheck = { ok: true; keeperEmail: string; expiresAt: Date } | { ok: false; reason: 'malformed' | 'forged' | 'expired' };

export function verifyKeeperToken(key: string, token: string, now: Date): KeeperTokenCheck {
  if (token.length > MAX_TOKEN) return { ok: false, reason: 'malformed' };
  const [body, mac, extra] = token.split('.');
  if (!body || !mac || extra !== undefined) return { ok: false, reason: 'malformed' };
  const want = Buffer.from(sign(key, body));
  const got = Buffer.from(mac);
  if (want.length !== got.length || !timingSafeEqual(want, got)) return { ok: false, reason: 'forged' };
  let payload: Payload;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Payload;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof payload.k !== 'string' || payload.k === '' || typeof payload.e !== 'number') return { ok: false, reason: 'malformed' };
  if (payload.e * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, keeperEmail: payload.k, expiresAt: new Date(payload.e * 1000) };
}
