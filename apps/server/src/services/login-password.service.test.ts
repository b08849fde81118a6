import { describe, expect, it } from 'vitest';
import { hashPassword, randomPassword, verifyPassword } from './login-password.service.js';

describe('password hashing (scrypt, per-user salt)', () => {
  it('verifies the right password only, with a different salt per hash', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('anything', 'not-a-hash')).toBe(false);
  });

  it('generates random first-admin passwords of 20 characters', () => {
    const p = randomPassword();
    expect(p).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(randomPassword()).not.toBe(p);
  });
});
