import type { AccountPasswordDue, Facts, FindingOf } from '@safefleet/protocol';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Each personal account's password due date: last set + maxAgeDays (from the latest facts; where
 * the date is unknown, the password-age finding's details.accounts may still give a due date).
 * due-soon from `leadDays` before the due date, overdue from the due date on.
 */
export function accountsDue(
  facts: Facts | null,
  finding: FindingOf<'password-age'> | undefined,
  maxAgeDays: number,
  leadDays: number,
  now: Date,
): AccountPasswordDue[] {
  const fromFinding = new Map((finding?.details?.accounts ?? []).map((a) => [a.username, a.dueAt]));
  const accounts = facts && facts.accounts.status !== 'unsupported' ? facts.accounts.accounts.filter((a) => a.isHuman) : [];
  const list: AccountPasswordDue[] = [];
  for (const a of accounts) {
    const due =
      a.passwordLastSetAt !== null
        ? new Date(new Date(a.passwordLastSetAt).getTime() + maxAgeDays * DAY_MS)
        : fromFinding.get(a.username)
          ? new Date(fromFinding.get(a.username)!)
          : null;
    if (due === null) {
      list.push({ username: a.username, passwordLastSetAt: null, dueAt: null, daysLeft: null, state: 'unknown' });
      continue;
    }
    const left = due.getTime() - now.getTime();
    list.push({
      username: a.username,
      passwordLastSetAt: a.passwordLastSetAt,
      dueAt: due.toISOString(),
      daysLeft: Math.floor(left / DAY_MS),
      state: left <= 0 ? 'overdue' : left <= leadDays * DAY_MS ? 'due-soon' : 'ok',
    });
  }
  return list;
}

/** devices.password_due_at when no account has a known due date (sorts after every real date). */
export const NO_PASSWORD_DUE = '9999-12-31T00:00:00.000Z';

/** The earliest due date (null when none is known). */
export function nextDue(accounts: AccountPasswordDue[]): string | null {
  const dates = accounts.flatMap((a) => (a.dueAt ? [a.dueAt] : [])).sort();
  return dates[0] ?? null;
}

/** First instant of the calendar quarter holding `now` (UTC), and its label, e.g. "2026-Q4". */
export function quarterOf(now: Date): { start: Date; key: string } {
  const q = Math.floor(now.getUTCMonth() / 3);
  return { start: new Date(Date.UTC(now.getUTCFullYear(), q * 3, 1)), key: `${now.getUTCFullYear()}-Q${q + 1}` };
}
