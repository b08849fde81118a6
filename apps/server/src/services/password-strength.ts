import { MIN_PASSWORD_LENGTH } from './login-password.service.js';

/**
 * Passwords people pick first (after lower-casing and dropping trailing digits and symbols): a
 * short list of the most common ones and words an attacker tries first for a charity's console.
 */
const COMMON = new Set([
  'password',
  'passw0rd',
  'p@ssword',
  'p@ssw0rd',
  'qwerty',
  'qwertyuiop',
  'qwertyuiop[]',
  'asdfghjkl',
  'zxcvbnm',
  'abc',
  'abcdef',
  'abcdefg',
  'abcdefgh',
  'abcdefghij',
  'letmein',
  'welcome',
  'admin',
  'administrator',
  'changeme',
  'iloveyou',
  'monkey',
  'dragon',
  'football',
  'baseball',
  'sunshine',
  'princess',
  'trustno',
  'master',
  'shadow',
  'superman',
  'batman',
  'starwars',
  'whatever',
  'freedom',
  'secret',
  'login',
  'access',
  'charity',
  'safefleet',
  'safeguarding',
  'computer',
  'internet',
  'summer',
  'winter',
  'spring',
  'autumn',
  'london',
  'england',
  'liverpool',
  'chelsea',
  'arsenal',
  'default',
  'test',
  'testing',
  'guest',
  'user',
]);

const SEQUENCES = ['0123456789', '1234567890', '9876543210', 'abcdefghijklmnopqrstuvwxyz', 'qwertyuiopasdfghjklzxcvbnm'];

/** Why a new console password is refused, in plain words; null when it is acceptable. */
export function weakPasswordReason(password: string, email?: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `the password must be at least ${MIN_PASSWORD_LENGTH} characters`;
  const lower = password.toLowerCase();
  const base = lower.replace(/[\d\W_]+$/, '');
  if (COMMON.has(lower) || COMMON.has(base) || base.length < 4) {
    return 'this password is one of the first an attacker tries (a common word with digits); choose a longer phrase of a few unrelated words';
  }
  if (/^(.)\1+$/.test(lower) || SEQUENCES.some((s) => s.includes(lower))) return 'the password is a repeated character or a keyboard sequence';
  const local = email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local)) return 'the password contains the email address';
  return null;
}
