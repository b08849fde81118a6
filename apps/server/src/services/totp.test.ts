import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, matchTotp, newRecoveryCodes, normaliseRecoveryCode, otpauthUri, totp } from './totp.js';

// RFC 6238 appendix B: the seeds are ASCII "1234567890" repeated to the hash's key length.
const SEED_SHA1 = Buffer.from('12345678901234567890', 'ascii');
const SEED_SHA256 = Buffer.from('12345678901234567890123456789012', 'ascii');
const SEED_SHA512 = Buffer.from('1234567890123456789012345678901234567890123456789012345678901234', 'ascii');

describe('RFC 6238 TOTP', () => {
  it.each([
    [59, '94287082', '46119246', '90693936'],
    [1111111109, '07081804', '68084774', '25091201'],
    [1111111111, '14050471', '67062674', '99943326'],
    [1234567890, '89005924', '91819424', '93441116'],
    [2000000000, '69279037', '90698825', '38618901'],
    [20000000000, '65353130', '77737706', '47863826'],
  ])('test vector T=%i (SHA-1, SHA-256, SHA-512, 8 digits)', (seconds, sha1, sha256, sha512) => {
    expect(totp(SEED_SHA1, seconds * 1000, 8)).toBe(sha1);
    expect(totp(SEED_SHA256, seconds * 1000, 8, 'sha256')).toBe(sha256);
    expect(totp(SEED_SHA512, seconds * 1000, 8, 'sha512')).toBe(sha512);
    // The console uses 6 digits: the same truncation, modulo 10^6.
    expect(totp(SEED_SHA1, seconds * 1000)).toBe(sha1.slice(2));
  });

  it('RFC 4226 HOTP vectors (counter 0..9)', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    expect(expected.map((_, i) => hotp(SEED_SHA1, i))).toEqual(expected);
  });

  it('accepts one step either side and nothing further; refuses malformed codes', () => {
    const at = 1_111_111_111_000;
    const step = Math.floor(at / 30_000);
    expect(matchTotp(SEED_SHA1, hotp(SEED_SHA1, step), at)).toBe(step);
    expect(matchTotp(SEED_SHA1, hotp(SEED_SHA1, step - 1), at)).toBe(step - 1);
    expect(matchTotp(SEED_SHA1, hotp(SEED_SHA1, step + 1), at)).toBe(step + 1);
    expect(matchTotp(SEED_SHA1, hotp(SEED_SHA1, step - 2), at)).toBeNull();
    expect(matchTotp(SEED_SHA1, hotp(SEED_SHA1, step + 2), at)).toBeNull();
    expect(matchTotp(SEED_SHA1, ` ${hotp(SEED_SHA1, step).slice(0, 3)} ${hotp(SEED_SHA1, step).slice(3)} `, at)).toBe(step);
    for (const bad of ['', '12345', '1234567', 'abcdef', '12345a']) expect(matchTotp(SEED_SHA1, bad, at)).toBeNull();
  });

  it('base32 round-trips (RFC 4648 vectors) and builds an otpauth URI', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Encode(Buffer.from('f'))).toBe('MY');
    expect(base32Decode('MZXW6YTBOI======').toString()).toBe('foobar');
    expect(base32Decode('gezd gnbv gy3t qojq gezd gnbv gy3t qojq')).toEqual(SEED_SHA1);
    expect(() => base32Decode('MZ1!')).toThrow();
    const uri = new URL(otpauthUri('Safefleet', 'it-lead@example.org', 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Safefleet:it-lead@example.org');
    expect(Object.fromEntries(uri.searchParams)).toEqual({
      secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
      issuer: 'Safefleet',
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
  });

  it('recovery codes are distinct and normalise as typed', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(8);
    expect(new Set(codes).size).toBe(8);
    for (const c of codes) expect(c).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    expect(normaliseRecoveryCode(' AB12-cd34 EF56 ')).toBe('ab12cd34ef56');
  });
});
