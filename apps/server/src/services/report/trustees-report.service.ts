import { z } from 'zod';
import { CONTROLS } from '@safefleet/policy';
import {
  CONTROL_IDS,
  type ControlId,
  type FindingStatus,
  type ReportDeviceKind,
  type ReportException,
  type ReportQuery,
  type TrusteesReport,
} from '@safefleet/protocol';
import type { ConcernRow } from '../../db/repositories/concerns.repository.js';
import { toPolicyException } from '../../db/repositories/exceptions.repository.js';
import { parseStoredOrSkip } from '../../db/stored-json.js';
import { catalogueNames } from '../catalogue.js';
import { localDay } from '../calendar/working-days.js';
import { read, type ServiceContext } from '../context.js';
import { AppError } from '../errors.js';
import type { OrganisationService } from '../organisation.service.js';
import { periodOf, type ReportPeriod } from './period.js';

/** A daily snapshot's stored control → status map. */
const SNAPSHOT_STATUSES = z.record(z.string(), z.string());

const DAY_MS = 86_400_000;

const KIND_WORDS: Record<string, string> = {
  win32: 'Windows laptops and desktops',
  darwin: 'Macs',
  linux: 'Linux computers',
  android: 'Android tablets and phones',
  ios: 'iPads and iPhones',
  ipados: 'iPads and iPhones',
};
export const kindOf = (platform: string): string => KIND_WORDS[platform] ?? 'Other devices';

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const m = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return Math.round(m * 10) / 10;
}

const days = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / DAY_MS;
const within = (at: string | null, start: string, end: string) => at !== null && at >= start && at <= end;

/** Concern figures for [start, end] (ISO instants) from every concern raised by `end`. */
export function concernFigures(rows: ConcernRow[], start: string, end: string): TrusteesReport['concerns'] {
  const inPeriod = (at: string | null) => within(at, start, end);
  const triagedIn = rows.filter((c) => inPeriod(c.triagedAt));
  const loggedInPeriod = rows.filter((c) =>
    c.triageOutcome === 'concern' ? inPeriod(c.triagedAt) : c.triageOutcome === null && c.status !== 'to-triage' && inPeriod(c.loggedAt),
  );
  const assessed = rows.filter((c) => c.assessedAt && inPeriod(c.assessedAt)).map((c) => days(c.loggedAt, c.assessedAt!));
  const actioned = rows.filter((c) => c.actionedAt && inPeriod(c.actionedAt)).map((c) => days(c.loggedAt, c.actionedAt!));
  const openAtEnd = rows.filter((c) => c.closedAt === null || c.closedAt > end);
  const waiting = openAtEnd.filter((c) => c.status === 'to-triage' || (c.triagedAt !== null && c.triagedAt > end));
  return {
    raisedForTriage: rows.filter((c) => c.source === 'alert' && inPeriod(c.loggedAt)).length,
    triaged: {
      concern: triagedIn.filter((c) => c.triageOutcome === 'concern').length,
      allowed: triagedIn.filter((c) => c.triageOutcome === 'allowed').length,
      notConcern: triagedIn.filter((c) => c.triageOutcome === 'not-concern').length,
    },
    logged: loggedInPeriod.length,
    medianDaysToAssessment: median(assessed),
    medianDaysToAction: median(actioned),
    openAtEnd: openAtEnd.length,
    waitingForTriageAtEnd: waiting.length,
  };
}

const percent = (compliant: number, judged: number) => (judged === 0 ? null : Math.round((compliant / judged) * 1000) / 10);

/**
 * The trustees' report for a period: device figures from the daily snapshots of the period's last
 * day, per control and per kind of device, with "Unknown" (not evaluated, stale, could not check)
 * counted apart and never as compliant; the trend across the period; concern figures; exceptions in
 * force at its end with their risk assessments; the security review record.
 */
export class TrusteesReportService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly organisation: OrganisationService,
  ) {}

  period(q: Pick<ReportQuery, 'quarter' | 'from' | 'to'>): ReportPeriod {
    const today = localDay(this.ctx.now(), this.organisation.settings().timeZone);
    try {
      return periodOf(q, today);
    } catch (err) {
      throw new AppError(400, err instanceof Error ? err.message : String(err));
    }
  }

  build(q: ReportQuery, opts: { preparedBy: string; includeExceptions: boolean }): TrusteesReport {
    const now = this.ctx.now();
    const org = this.organisation.settings();
    const period = this.period(q);
    const r = read(this.ctx);
    const start = `${period.from}T00:00:00.000Z`;
    const endOfPeriod = `${period.to}T23:59:59.999Z`;
    const end = endOfPeriod < now.toISOString() ? endOfPeriod : now.toISOString();

    const asOf = r.reportFigures.lastSnapshotDay(period.from, period.to) ?? period.to;
    const snapped = r.reportFigures.snapshotsOn(asOf);
    // Devices enrolled by then without a snapshot that day were never evaluated: Unknown.
    const seen = new Set(snapped.map((x) => x.deviceId));
    const snaps = [
      ...snapped,
      ...r.reportFigures
        .devicesOn(asOf)
        .filter((d) => !seen.has(d.id))
        .map((d) => ({ deviceId: d.id, platform: d.platform, status: 'notEvaluated' as const, findingsJson: '{}' })),
    ];
    const devicesFig = { total: snaps.length, compliant: 0, grace: 0, noncompliant: 0, unknown: 0, compliantPercent: null as number | null };
    const byControl = new Map<ControlId, Record<FindingStatus, number>>(CONTROL_IDS.map((c) => [c, { pass: 0, grace: 0, fail: 0, unknown: 0 }]));
    const byKind = new Map<string, ReportDeviceKind>();
    for (const s of snaps) {
      const kind = kindOf(s.platform);
      const k = byKind.get(kind) ?? { kind, total: 0, compliant: 0, grace: 0, noncompliant: 0, unknown: 0 };
      k.total++;
      const bucket =
        s.status === 'compliant' ? 'compliant' : s.status === 'grace' ? 'grace' : s.status === 'noncompliant' ? 'noncompliant' : 'unknown';
      k[bucket]++;
      devicesFig[bucket]++;
      byKind.set(kind, k);
      const statuses: Record<string, string> = parseStoredOrSkip(SNAPSHOT_STATUSES, s.findingsJson, 'control statuses of a daily snapshot') ?? {};
      for (const c of CONTROL_IDS) {
        const st = statuses[c];
        const counts = byControl.get(c)!;
        if (st === 'pass' || st === 'grace' || st === 'fail') counts[st]++;
        else counts.unknown++;
      }
    }
    devicesFig.compliantPercent = percent(devicesFig.compliant, devicesFig.total - devicesFig.unknown);

    const trendRows = r.trend.countsByDay(period.from, period.to);
    const perDay = new Map<string, { compliant: number; judged: number }>();
    for (const t of trendRows) {
      const p = perDay.get(t.day) ?? { compliant: 0, judged: 0 };
      if (t.status === 'compliant') p.compliant += t.n;
      if (t.status !== 'notEvaluated' && t.status !== 'stale') p.judged += t.n;
      perDay.set(t.day, p);
    }
    const points = [...perDay.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, p]) => ({ day, percent: percent(p.compliant, p.judged) }));

    const names = catalogueNames();
    const exceptionRows = r.reportFigures.exceptionsInForceAt(end);
    const exceptions: ReportException[] = exceptionRows.map((row) => {
      const e = toPolicyException(row);
      return {
        id: e.id,
        apps: e.appIds.map((id) => names.get(id) ?? id),
        scope: e.scope.kind === 'role' ? `Keeper role “${e.scope.role}”` : `One device`,
        riskAssessment: e.riskAssessment,
        approvedBy: e.approvedBy,
        expiresAt: e.expiresAt,
      };
    });
    const reviews = this.organisation.reviews();
    const titles = new Map(CONTROLS.map((c) => [c.id, c.title]));
    return {
      organisation: { name: org.name || 'Your organisation', hasLogo: org.logoDataUrl !== null },
      period,
      preparedBy: opts.preparedBy,
      preparedAt: now.toISOString(),
      timeZone: org.timeZone,
      figuresAsOf: asOf,
      devices: devicesFig,
      byControl: CONTROL_IDS.map((c) => ({ control: c, title: titles.get(c) ?? c, ...byControl.get(c)! })),
      byKind: [...byKind.values()].sort((a, b) => b.total - a.total),
      trend: { startPercent: points[0]?.percent ?? null, endPercent: points.at(-1)?.percent ?? null, points },
      concerns: concernFigures(r.reportFigures.concernsUpTo(end), start, end),
      ...(opts.includeExceptions ? { exceptions } : {}),
      exceptionsInForce: exceptions.length,
      securityReview: { last: reviews.reviews[0] ?? null, nextDueAt: reviews.nextDueAt, overdue: reviews.overdue },
    };
  }
}
