import { describe, expect, it } from 'vitest';
import { buildInput, daysBefore, NOW } from '../test-support/facts.js';
import { checkOsUpdates } from './os-updates.js';

const DAY = 86_400_000;

function pendingFor(days: number | null, extra: Record<string, unknown> = {}) {
  return {
    status: 'ok' as const,
    pendingCount: 3,
    securityPendingCount: 2,
    lastInstalledAt: daysBefore(40),
    ...(days === null ? {} : { oldestSecurityPendingSince: daysBefore(days) }),
    pending: [
      { name: 'openssl', security: true },
      { name: 'linux-image-amd64', security: true },
      { name: 'vim', security: false },
    ],
    ...extra,
  };
}

describe('os-updates', () => {
  it('passes with no security updates waiting, mentioning other updates and the last install', () => {
    const f = checkOsUpdates(buildInput({ updates: { status: 'ok', pendingCount: 4, securityPendingCount: 0, lastInstalledAt: daysBefore(3) } }));
    expect(f.status).toBe('pass');
    expect(f.reason).toContain('No security updates are waiting');
    expect(f.reason).toContain('4 other updates');
    expect(f.reason).toContain(daysBefore(3).slice(0, 10));
  });

  it.each([
    [0, 'grace', 'first seen today'],
    [13, 'grace', 'waiting 13 days'],
    [14, 'grace', 'waiting 14 days'],
    [15, 'fail', 'waiting 15 days, longer than the 14 days allowed'],
    [60, 'fail', 'waiting 60 days'],
  ] as const)('security updates waiting %i days → %s', (days, status, words) => {
    const f = checkOsUpdates(buildInput({ updates: pendingFor(days) }));
    expect(f.status).toBe(status);
    expect(f.reason).toContain(words);
    expect(f.reason).toContain('2 security updates');
    expect(f.reason).toContain('openssl');
    if (status === 'grace') {
      expect(f.dueAt).toBe(new Date(NOW.getTime() + (14 - days) * DAY).toISOString());
    } else {
      expect(f.dueAt).toBeUndefined();
    }
  });

  it('falls back to the earliest firstSeenAt of pending security updates', () => {
    const updates = pendingFor(null, {
      pending: [
        { name: 'openssl', security: true, firstSeenAt: daysBefore(5) },
        { name: 'curl', security: true, firstSeenAt: daysBefore(20) },
        { name: 'vim', security: false, firstSeenAt: daysBefore(90) },
      ],
    });
    const f = checkOsUpdates(buildInput({ updates }));
    expect(f.status).toBe('fail');
    expect(f.reason).toContain('20 days');
  });

  it('is grace, saying the age is not known, when no date is known', () => {
    const f = checkOsUpdates(buildInput({ updates: pendingFor(null) }));
    expect(f.status).toBe('grace');
    expect(f.reason).toContain('not known');
    expect(f.dueAt).toBeUndefined();
  });

  it('reads the grace period from policy.osUpdates.securityGraceDays', () => {
    const input = buildInput({ updates: pendingFor(5) }, { policy: { osUpdates: { securityGraceDays: 3 } } });
    const f = checkOsUpdates(input);
    expect(f.status).toBe('fail');
    expect(f.reason).toContain('3 days allowed');
  });

  it('is unknown when counts are null or the collector failed', () => {
    const nullCount = checkOsUpdates(buildInput({ updates: { status: 'ok' } }));
    expect(nullCount.status).toBe('unknown');
    expect(nullCount.reason).toContain('could not count');
    const failed = checkOsUpdates(buildInput({ updates: { status: 'error', error: 'apt-check timed out after 60 s' } }));
    expect(failed.status).toBe('unknown');
    expect(failed.reason).toContain('apt-check timed out');
  });
});
