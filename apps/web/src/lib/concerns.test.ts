import { describe, expect, it } from 'vitest';
import {
  concernFilterFrom,
  concernQuery,
  concernsCsvHref,
  dueWords,
  elapsedWords,
  eventWords,
  nextStep,
  stepErrorWords,
  stepState,
  workingDaysBetween,
} from './concerns';

// Local dates (the working-day count uses the viewer's own calendar). 20 Nov 2026 is a Friday.
const at = (day: number, hour: number, minute = 0) => new Date(2026, 10, day, hour, minute);
const iso = (d: Date) => d.toISOString();

describe('working days', () => {
  it('counts 24-hour steps that land on a weekday, like the server’s close-by time', () => {
    expect(workingDaysBetween(at(17, 9), at(19, 9))).toBe(2); // Tue → Thu
    expect(workingDaysBetween(at(20, 15), at(23, 15))).toBe(1); // Fri → Mon
    expect(workingDaysBetween(at(20, 15), at(23, 10))).toBe(0); // Fri → Mon morning
    expect(workingDaysBetween(at(20, 15), at(24, 15))).toBe(2); // Fri → Tue
    expect(workingDaysBetween(at(21, 9), at(21, 8))).toBe(0); // backwards
  });
});

describe('elapsedWords', () => {
  it('says minutes, hours, then working days', () => {
    expect(elapsedWords(iso(at(17, 9)), null)).toBe('—');
    expect(elapsedWords(iso(at(17, 9)), iso(at(17, 9)))).toBe('under a minute');
    expect(elapsedWords(iso(at(17, 9)), iso(at(17, 9, 1)))).toBe('1 minute');
    expect(elapsedWords(iso(at(17, 9)), iso(at(17, 9, 45)))).toBe('45 minutes');
    expect(elapsedWords(iso(at(17, 9)), iso(at(17, 10, 59)))).toBe('1 hour');
    expect(elapsedWords(iso(at(17, 9)), iso(at(17, 20)))).toBe('11 hours');
    expect(elapsedWords(iso(at(17, 9)), iso(at(18, 10)))).toBe('1 working day');
    expect(elapsedWords(iso(at(17, 9)), iso(at(19, 9)))).toBe('2 working days');
    expect(elapsedWords(iso(at(20, 15)), iso(at(23, 10)))).toBe('under 1 working day');
  });
});

describe('dueWords', () => {
  const dueBy = iso(at(24, 15)); // Tuesday 15:00
  it('says how long is left, or how late it is', () => {
    expect(dueWords({ status: 'closed', dueBy, overdue: false }, at(30, 9))).toBe('Closed');
    expect(dueWords({ status: 'logged', dueBy, overdue: false }, at(20, 15))).toBe('Due in 2 working days');
    expect(dueWords({ status: 'logged', dueBy, overdue: false }, at(23, 16))).toBe('Due tomorrow');
    expect(dueWords({ status: 'logged', dueBy, overdue: false }, at(24, 9))).toBe('Due today');
    expect(dueWords({ status: 'assessed', dueBy, overdue: true }, at(24, 16))).toBe('Overdue');
    expect(dueWords({ status: 'assessed', dueBy, overdue: true }, at(26, 16))).toBe('Overdue by 2 working days');
  });
});

describe('the next step', () => {
  it('follows logged → assessed → action taken → closed', () => {
    expect(nextStep('logged')).toBe('assess');
    expect(nextStep('assessed')).toBe('action');
    expect(nextStep('actioned')).toBe('close');
    expect(nextStep('closed')).toBeNull();
    expect(stepState('logged', 'assessed')).toBe('done');
    expect(stepState('assessed', 'assessed')).toBe('current');
    expect(stepState('closed', 'assessed')).toBe('todo');
  });
  it('puts a refusal in plain words', () => {
    expect(stepErrorWords(409, 'x')).toMatch(/already moved on/);
    expect(stepErrorWords(403, 'x')).toMatch(/Only the DSL and the IT lead/);
    expect(stepErrorWords(400, 'Say who the referral was made to')).toBe('Say who the referral was made to');
  });
});

describe('list filters', () => {
  it('reads the filter from the address and builds the API query and CSV link', () => {
    expect(concernFilterFrom(null)).toBe('open');
    expect(concernFilterFrom('nonsense')).toBe('open');
    expect(concernFilterFrom('overdue')).toBe('overdue');
    expect(concernQuery('open')).toEqual({ open: 'true' });
    expect(concernQuery('closed')).toEqual({ status: 'closed' });
    expect(concernQuery('all')).toEqual({});
    expect(concernsCsvHref('overdue')).toBe('/api/concerns.csv?overdue=true');
    expect(concernsCsvHref('all')).toBe('/api/concerns.csv');
  });
  it('names timeline events and who did them', () => {
    expect(eventWords({ action: 'logged', actor: 'system' })).toEqual({ what: 'Concern logged', who: 'Safefleet' });
    expect(eventWords({ action: 'note', actor: 'user:dana@example.org' })).toEqual({ what: 'Note added', who: 'dana@example.org' });
  });
});
