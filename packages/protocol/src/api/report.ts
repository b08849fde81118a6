import { z } from 'zod';
import { ControlId } from '../compliance.js';
import { IsoDateTime, ShortString } from '../facts/common.js';
import { IsoDay, SecurityReview } from './organisation.js';

/**
 * The trustees' report for a period (a quarter or any dates), made on the server.
 *
 *   GET /api/report?quarter=2026-Q3 | ?from=YYYY-MM-DD&to=YYYY-MM-DD [&preparer=]  → TrusteesReport
 *   GET /api/report/pdf (same query)                                                → application/pdf
 *
 * Admins and the DSL get every part. Viewers get compliance and counts only: the exceptions list
 * (app names, roles, risk assessments) is left out (server-side redaction).
 */
export const ReportQuery = z.object({
  quarter: z
    .string()
    // Years as IsoDay allows (1900–2999): a quarter outside them cannot be reported (fuzzing found a 500).
    .regex(/^(19\d\d|2\d\d\d)-Q[1-4]$/, 'use YYYY-Qn, e.g. 2026-Q3')
    .optional(),
  from: IsoDay.optional(),
  to: IsoDay.optional(),
  preparer: z.string().trim().max(200).optional(),
});
export type ReportQuery = z.infer<typeof ReportQuery>;

const ResultCounts = z.object({
  pass: z.number().int(),
  grace: z.number().int(),
  fail: z.number().int(),
  /** Could not be checked: never counted as compliant. */
  unknown: z.number().int(),
});

export const ReportDeviceKind = z.object({
  /** "Windows laptops and desktops", "Macs", "Linux computers", "Android tablets and phones", "iPads and iPhones", "Other". */
  kind: ShortString,
  total: z.number().int(),
  compliant: z.number().int(),
  grace: z.number().int(),
  noncompliant: z.number().int(),
  /** Not evaluated or stale: Safefleet could not say. */
  unknown: z.number().int(),
});
export type ReportDeviceKind = z.infer<typeof ReportDeviceKind>;

export const ReportConcernFigures = z.object({
  /** Raised automatically in the period and waiting for, or given, triage. */
  raisedForTriage: z.number().int(),
  /** Triaged in the period, by decision. */
  triaged: z.object({ concern: z.number().int(), allowed: z.number().int(), notConcern: z.number().int() }),
  /** Logged as safeguarding concerns in the period (by hand, or by triage). */
  logged: z.number().int(),
  /** Median days from logging to assessment / to action, of those assessed / actioned in the period. */
  medianDaysToAssessment: z.number().nullable(),
  medianDaysToAction: z.number().nullable(),
  /** Concerns still open (waiting for triage or not closed) at the end of the period. */
  openAtEnd: z.number().int(),
  waitingForTriageAtEnd: z.number().int(),
});
export type ReportConcernFigures = z.infer<typeof ReportConcernFigures>;

export const ReportException = z.object({
  id: ShortString,
  apps: z.array(ShortString),
  scope: ShortString,
  riskAssessment: z.string(),
  approvedBy: ShortString,
  expiresAt: IsoDateTime,
});
export type ReportException = z.infer<typeof ReportException>;

export const TrusteesReport = z.object({
  organisation: z.object({ name: z.string(), hasLogo: z.boolean() }),
  period: z.object({ from: IsoDay, to: IsoDay, label: z.string() }),
  preparedBy: z.string(),
  preparedAt: IsoDateTime,
  timeZone: z.string(),
  /** The day the device figures describe (the period's last day with a snapshot, or today). */
  figuresAsOf: IsoDay,
  devices: z.object({
    total: z.number().int(),
    compliant: z.number().int(),
    grace: z.number().int(),
    noncompliant: z.number().int(),
    /** Not evaluated or stale, counted apart. */
    unknown: z.number().int(),
    /** Compliant devices out of those Safefleet could judge (null when none could be judged). */
    compliantPercent: z.number().nullable(),
  }),
  byControl: z.array(z.object({ control: ControlId, title: z.string() }).extend(ResultCounts.shape)),
  byKind: z.array(ReportDeviceKind),
  /** Compliant % at the start and end of the period (daily snapshots), and the change. */
  trend: z.object({
    startPercent: z.number().nullable(),
    endPercent: z.number().nullable(),
    points: z.array(z.object({ day: IsoDay, percent: z.number().nullable() })),
  }),
  concerns: ReportConcernFigures,
  /** Exceptions in force at the end of the period (absent for viewers). */
  exceptions: z.array(ReportException).optional(),
  exceptionsInForce: z.number().int(),
  securityReview: z.object({ last: SecurityReview.nullable(), nextDueAt: IsoDay, overdue: z.boolean() }),
});
export type TrusteesReport = z.infer<typeof TrusteesReport>;
