import { describe, expect, it } from 'vitest';
import { ageDays, formatDate, platformLabel, quarterLabel, timeAgo } from './format';

describe('format', () => {
  const now = new Date('2026-11-21T12:00:00Z');
  it('says how long ago in plain words', () => {
    expect(timeAgo(null, now)).toBe('never');
    expect(timeAgo('2026-11-21T11:59:30Z', now)).toBe('just now');
    expect(timeAgo('2026-11-21T11:59:00Z', now)).toBe('1 minute ago');
    expect(timeAgo('2026-11-21T09:00:00Z', now)).toBe('3 hours ago');
    expect(timeAgo('2026-11-18T12:00:00Z', now)).toBe('3 days ago');
  });
  it('counts whole days and names dates and platforms', () => {
    expect(ageDays('2026-11-19T13:00:00Z', now)).toBe(1);
    expect(formatDate('2026-11-21T00:30:00Z')).toBe('21 Nov 2026');
    expect(formatDate(null)).toBe('—');
    expect(platformLabel('win32')).toBe('Windows');
    expect(platformLabel('freebsd')).toBe('freebsd');
  });
  it('names the calendar quarter', () => {
    expect(quarterLabel(new Date(2026, 10, 21))).toBe('Q4 2026 (October to December)');
    expect(quarterLabel(new Date(2027, 0, 1))).toBe('Q1 2027 (January to March)');
  });
});
