import { describe, expect, it } from 'vitest';
import { allowOnly, intFlag, parseArgs, parseDuration, UsageError } from './args.js';

describe('CLI argument parsing', () => {
  it('reads positionals, --flag value, --flag=value and switches', () => {
    const a = parseArgs(['user', 'add', '--email', 'a@b.org', '--role=dsl', '--password-stdin']);
    expect(a.positionals).toEqual(['user', 'add']);
    expect(a.flags.get('email')).toBe('a@b.org');
    expect(a.flags.get('role')).toBe('dsl');
    expect(a.flags.get('password-stdin')).toBe(true);
  });

  it('explains missing values, unknown flags and bad numbers', () => {
    expect(() => parseArgs(['start', '--port'])).toThrow(/--port needs a value/);
    expect(() => allowOnly(parseArgs(['start', '--prot', '1']), ['port'])).toThrow(UsageError);
    expect(() => intFlag(parseArgs(['--port', 'x']), 'port', 0, 65535)).toThrow(/whole number/);
    expect(intFlag(parseArgs(['--port', '0']), 'port', 0, 65535)).toBe(0);
  });

  it('parses expiry durations in hours and days', () => {
    expect(parseDuration('7d')).toBe(168);
    expect(parseDuration('12h')).toBe(12);
    expect(() => parseDuration('2w')).toThrow(/hours or days/);
    expect(() => parseDuration('0h')).toThrow(/between/);
  });
});
