import { describe, expect, it } from 'vitest';
import type { Facts } from '@safefleet/protocol';
import { accountsDue, nextDue, quarterOf } from './due.js';

const now = new Date('2026-11-21T09:00:00.000Z');
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000).toISOString();
const facts = (accounts: Array<{ username: string; isHuman?: boolean; passwordLastSetAt: string | null }>) =>
  ({ accounts: { status: 'ok', accounts: accounts.map((a) => ({ isHuman: true, mustChangeAtNextLogin: false, ...a })) } }) as unknown as Facts;

describe('password due dates', () => {
  it('due = last set + max age; due-soon from 14 days before; overdue from the due date', () => {
    const list = accountsDue(
      facts([
        { username: 'ok', passwordLastSetAt: daysAgo(75) },
        { username: 'soon', passwordLastSetAt: daysAgo(76) },
        { username: 'today', passwordLastSetAt: daysAgo(90) },
        { username: 'late', passwordLastSetAt: daysAgo(120) },
        { username: 'svc', isHuman: false, passwordLastSetAt: daysAgo(400) },
        { username: 'online', passwordLastSetAt: null },
      ]),
      {
        control: 'password-age',
        status: 'unknown',
        reason: '',
        resolution: '',
        details: { accounts: [{ username: 'online', ageDays: null, status: 'unknown', dueAt: '2026-12-01T00:00:00.000Z' }] },
      },
      90,
      14,
      now,
    );
    expect(list.map((a) => [a.username, a.state, a.daysLeft])).toEqual([
      ['ok', 'ok', 15],
      ['soon', 'due-soon', 14],
      ['today', 'overdue', 0],
      ['late', 'overdue', -30],
      ['online', 'due-soon', 9],
    ]);
    expect(nextDue(list)).toBe(new Date(now.getTime() - 30 * 86_400_000).toISOString());
    expect(accountsDue(null, undefined, 90, 14, now)).toEqual([]);
  });

  it('quarters start on 1 January, April, July, October', () => {
    expect(quarterOf(new Date('2026-11-21T09:00:00Z'))).toEqual({ start: new Date('2026-10-01T00:00:00Z'), key: '2026-Q4' });
    expect(quarterOf(new Date('2027-01-01T00:00:00Z')).key).toBe('2027-Q1');
  });
});
