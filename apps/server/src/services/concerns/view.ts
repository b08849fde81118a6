import type { Concern, ConcernDetail, ConcernEvent } from '@safefleet/protocol';
import type { ConcernEventRow, ConcernRow } from '../../db/repositories/concerns.repository.js';
import { addWorkingDays, type WorkingCalendar } from '../calendar/working-days.js';
import { minutesBetween } from './working-days.js';

export interface ConcernViewOptions {
  now: Date;
  overdueWorkingDays: number;
  /** The organisation's time zone and UK bank holidays (Settings page): due dates skip weekends and holidays. */
  calendar: WorkingCalendar;
}

export function toConcern(row: ConcernRow, o: ConcernViewOptions): Concern {
  const dueBy = addWorkingDays(new Date(row.loggedAt), o.overdueWorkingDays, o.calendar);
  return {
    id: row.id,
    status: row.status,
    source: row.source,
    alertId: row.alertId,
    deviceId: row.deviceId,
    hostname: row.hostname,
    keeperName: row.keeperName,
    summary: row.summary,
    loggedAt: row.loggedAt,
    loggedBy: row.loggedBy,
    assessedAt: row.assessedAt,
    assessedBy: row.assessedBy,
    assessment: row.assessment,
    actionedAt: row.actionedAt,
    actionedBy: row.actionedBy,
    actionsTaken: row.actionsTaken,
    referral: row.referralMade === null ? null : { made: row.referralMade, to: row.referralTo, reference: row.referralReference, at: row.referralAt },
    closedAt: row.closedAt,
    closedBy: row.closedBy,
    closingNote: row.closingNote,
    triageOutcome: row.triageOutcome,
    triagedAt: row.triagedAt,
    triagedBy: row.triagedBy,
    triageNote: row.triageNote,
    riskLevel: row.riskLevel,
    exceptionId: row.exceptionId,
    appIds: parseAppIds(row.appIdsJson),
    timeToAssessMinutes: minutesBetween(row.loggedAt, row.assessedAt),
    timeToActionMinutes: minutesBetween(row.loggedAt, row.actionedAt),
    dueBy: dueBy.toISOString(),
    overdue: row.status !== 'closed' && o.now.getTime() > dueBy.getTime(),
    updatedAt: row.updatedAt,
  };
}

function parseAppIds(json: string | null): string[] {
  if (!json) return [];
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, 200) : [];
  } catch {
    return [];
  }
}

export function toConcernEvent(row: ConcernEventRow): ConcernEvent {
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    action: row.action,
    fromStatus: row.fromStatus,
    toStatus: row.toStatus,
    note: row.note,
  };
}

export function toConcernDetail(row: ConcernRow, events: ConcernEventRow[], o: ConcernViewOptions): ConcernDetail {
  return { ...toConcern(row, o), events: events.map(toConcernEvent) };
}

/** "2 h 5 min", "3 days 4 h", "—". */
export function duration(minutes: number | null): string {
  if (minutes === null) return '—';
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d > 0) return `${d} day${d === 1 ? '' : 's'}${h ? ` ${h} h` : ''}`;
  if (h > 0) return `${h} h${m ? ` ${m} min` : ''}`;
  return `${m} min`;
}
