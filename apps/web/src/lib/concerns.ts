import { routeHref } from '../api/client';
import { CONCERN_STATUS_LABELS, type Concern, concernsApi, type ConcernEvent, type ConcernStatus } from '@safefleet/protocol';
import { actorWords, plural } from './format';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** Saturday or Sunday in the viewer's own calendar. */
function isWeekend(d: Date): boolean {
  const day = d.getDay();
  return day === 0 || day === 6;
}

/**
 * Whole working days (Monday to Friday) from `from` to `to`, counted the way the server sets a
 * concern's "close by" time: each step is 24 hours and only steps that land on a weekday count.
 * Friday 15:00 → Monday 15:00 is 1 working day; Friday 15:00 → Monday 10:00 is 0.
 */
export function workingDaysBetween(from: Date, to: Date): number {
  let n = 0;
  for (let t = from.getTime() + DAY; t <= to.getTime(); t += DAY) if (!isWeekend(new Date(t))) n++;
  return n;
}

/**
 * How long a step took, in plain words: "12 minutes", "3 hours", then working days
 * ("1 working day", "4 working days"; "under 1 working day" across a weekend).
 */
export function elapsedWords(fromIso: string, toIso: string | null): string {
  if (!toIso) return '—';
  const from = new Date(fromIso);
  const to = new Date(toIso);
  const minutes = Math.max(0, Math.floor((to.getTime() - from.getTime()) / MINUTE));
  if (minutes < 1) return 'under a minute';
  if (minutes < 60) return plural(minutes, 'minute');
  if (minutes < 24 * 60) return plural(Math.floor(minutes / 60), 'hour');
  const days = workingDaysBetween(from, to);
  return days === 0 ? 'under 1 working day' : plural(days, 'working day');
}

/** "Closed", "Overdue by 2 working days", "Due today", "Due tomorrow", "Due in 1 working day". */
export function dueWords(c: Pick<Concern, 'status' | 'dueBy' | 'overdue'>, now: Date = new Date()): string {
  if (c.status === 'closed') return 'Closed';
  const due = new Date(c.dueBy);
  if (c.overdue || now.getTime() > due.getTime()) {
    const late = workingDaysBetween(due, now);
    return late === 0 ? 'Overdue' : `Overdue by ${plural(late, 'working day')}`;
  }
  const left = workingDaysBetween(now, due);
  if (left > 0) return `Due in ${plural(left, 'working day')}`;
  return now.toDateString() === due.toDateString() ? 'Due today' : 'Due tomorrow';
}

/** The one next step a concern can take, by its status (the server refuses any other order with 409). */
export type NextStep = 'assess' | 'action' | 'close';
const NEXT: Record<ConcernStatus, NextStep | null> = { 'to-triage': null, logged: 'assess', assessed: 'action', actioned: 'close', closed: null };
export function nextStep(status: ConcernStatus): NextStep | null {
  return NEXT[status];
}

export const NEXT_STEP_TITLES: Record<NextStep, string> = {
  assess: 'Record assessment',
  action: 'Record actions taken',
  close: 'Close the concern',
};

/** Steps in order, for the progress list on a concern ("Logged → Assessed → Action taken → Closed"). */
export const CONCERN_STEPS: readonly ConcernStatus[] = ['logged', 'assessed', 'actioned', 'closed'];
export function stepState(step: ConcernStatus, current: ConcernStatus): 'done' | 'current' | 'todo' {
  const a = CONCERN_STEPS.indexOf(step);
  const b = CONCERN_STEPS.indexOf(current);
  return a < b ? 'done' : a === b ? 'current' : 'todo';
}

/** The concern list's filter, kept in the page's query string (?show=). */
export const CONCERN_FILTERS = ['open', 'overdue', 'closed', 'all'] as const;
export type ConcernFilter = (typeof CONCERN_FILTERS)[number];
export const CONCERN_FILTER_LABELS: Record<ConcernFilter, string> = {
  open: 'Open',
  overdue: 'Overdue',
  closed: 'Closed',
  all: 'All',
};

export function concernFilterFrom(value: string | null): ConcernFilter {
  return (CONCERN_FILTERS as readonly string[]).includes(value ?? '') ? (value as ConcernFilter) : 'open';
}

/** The query for GET /api/concerns and /api/concerns.csv. */
export function concernQuery(f: ConcernFilter): Record<string, string> {
  switch (f) {
    case 'open':
      return { open: 'true' };
    case 'overdue':
      return { overdue: 'true' };
    case 'closed':
      return { status: 'closed' };
    default:
      return {};
  }
}

export function concernsCsvHref(f: ConcernFilter): string {
  return routeHref(concernsApi.csv, { query: concernQuery(f) });
}

const EVENT_WORDS: Record<ConcernEvent['action'], string> = {
  raised: 'Raised for triage',
  triaged: 'Triaged',
  logged: 'Concern logged',
  assessed: 'Assessment recorded',
  actioned: 'Actions recorded',
  closed: 'Concern closed',
  note: 'Note added',
};

/** One timeline line: what happened and who did it. */
export function eventWords(e: Pick<ConcernEvent, 'action' | 'actor'>): { what: string; who: string } {
  return { what: EVENT_WORDS[e.action], who: actorWords(e.actor) };
}

export function statusLabel(status: ConcernStatus): string {
  return CONCERN_STATUS_LABELS[status];
}

/** Plain words for an answer the server refused while moving a concern on. */
export function stepErrorWords(status: number, message: string): string {
  if (status === 409) {
    return 'This concern has already moved on — perhaps someone else recorded this step just now. The page now shows where it is; check it before you go on.';
  }
  if (status === 403) return 'Only the DSL and the IT lead can record steps on a concern. Ask the DSL if this needs doing.';
  return message;
}
