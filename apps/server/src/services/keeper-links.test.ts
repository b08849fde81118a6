import { describe, expect, it } from 'vitest';
import { newKeeperLinkKey, signKeeperToken, verifyKeeperToken } from './keeper-links.js';

const now = new Date('2026-12-01T09:00:00Z');

describe('keeper links', () => {
  const key = newKeeperLinkKey();

  it('a signed token names the keeper until it expires', () => {
    const t = signKeeperToken(key, ' Sam@Example.org ', now, 30);
    expect(verifyKeeperToken(key, t, now)).toMatchObject({ ok: true, keeperEmail: 'sam@example.org' });
    expect(verifyKeeperToken(key, t, new Date(now.getTime() + 29 * 86_400_000))).toMatchObject({ ok: true });
    expect(verifyKeeperToken(key, t, new Date(now.getTime() + 30 * 86_400_000))).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a token signed with another key, or with the keeper changed', () => {
    const t = signKeeperToken(key, 'sam@example.org', now);
    expect(verifyKeeperToken(newKeeperLinkKey(), t, now)).toEqual({ ok: false, reason: 'forged' });
    const [, mac] = t.split('.');
    const other = Buffer.from(JSON.stringify({ k: 'priya@example.org', e: 9_999_999_999 })).toString('base64url');
    expect(verifyKeeperToken(key, `${other}.${mac}`, now)).toEqual({ ok: false, reason: 'forged' });
  });

  it('refuses malformed tokens', () => {
    for (const bad of ['', 'abc', 'a.b.c', `${'x'.repeat(2000)}.y`]) expect(verifyKeeperToken(key, bad, now).ok).toBe(false);
  });
});
