import { describe, expect, it } from 'vitest';
import { buildPolicy, hoursBefore, NOW } from '../test-support/facts.js';
import { checkAgentCheckin } from './agent-checkin.js';

describe('agent-checkin', () => {
  it.each([
    [0.5, 'pass', 'at 2026-11-21 11:30 UTC, within the last 24 hours'],
    [23, 'pass', 'at 2026-11-20 13:00 UTC'],
    [24, 'pass', 'at 2026-11-20 12:00 UTC'],
    [24.1, 'fail', 'more than 24 hours ago;'],
    [72, 'fail', 'more than 24 hours ago (3 days ago)'],
  ] as const)('last seen %f hours ago → %s', (hours, status, words) => {
    const f = checkAgentCheckin(hoursBefore(hours), buildPolicy(), NOW);
    expect(f.control).toBe('agent-checkin');
    expect(f.status).toBe(status);
    expect(f.reason).toContain(words);
    if (status === 'fail') expect(f.reason).toContain('every 24 hours');
  });

  it('words a pass without a relative time, so re-checking later does not change it', () => {
    const seen = hoursBefore(2);
    const early = checkAgentCheckin(seen, buildPolicy(), NOW);
    const later = checkAgentCheckin(seen, buildPolicy(), new Date(NOW.getTime() + 5 * 3_600_000));
    expect(later.reason).toBe(early.reason);
  });

  it('fails a device that has never checked in', () => {
    const f = checkAgentCheckin(null, buildPolicy(), NOW);
    expect(f.status).toBe('fail');
    expect(f.reason).toContain('never checked in');
  });

  it('reads the window from policy.agentCheckin.windowHours', () => {
    const policy = buildPolicy({ agentCheckin: { windowHours: 72 } });
    expect(checkAgentCheckin(hoursBefore(48), policy, NOW).status).toBe('pass');
    expect(checkAgentCheckin(hoursBefore(73), policy, NOW).status).toBe('fail');
  });
});
