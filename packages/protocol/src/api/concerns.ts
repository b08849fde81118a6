import { z } from 'zod';
import { IsoDateTime, ShortString } from '../facts/common.js';

/**
 * The safeguarding concern log (roles admin and dsl only; a viewer gets 403 on every route).
 *
 * Every safeguarding alert opens a concern (source "alert"); the DSL can also open one by hand
 * (source "manual"). A concern moves logged → assessed → actioned → closed, one step at a time
 * (409 otherwise); each step records who and when, and every change is written to the audit log.
 * A concern not closed within `concerns.overdueWorkingDays` working days (Mon–Fri, default 2) of
 * being logged is flagged `overdue`.
 *
 *   GET  /api/concerns?status=&open=&overdue=&deviceId=&limit=  → Concern[] (newest first)
 *   GET  /api/concerns.csv                                    → text/csv, every concern (same filters)
 *   POST /api/concerns            CreateConcernRequest        → 201 ConcernDetail
 *   GET  /api/concerns/:id                                    → ConcernDetail
 *   GET  /api/concerns/:id/print                              → text/html printable record
 *   POST /api/concerns/:id/assess AssessConcernRequest        → ConcernDetail (logged → assessed)
 *   POST /api/concerns/:id/action ActionConcernRequest        → ConcernDetail (assessed → actioned)
 *   POST /api/concerns/:id/close  CloseConcernRequest         → ConcernDetail (actioned → closed)
 *   POST /api/concerns/:id/notes  AddConcernNoteRequest       → ConcernDetail (any state)
 */
export const CONCERN_STATUSES = ['to-triage', 'logged', 'assessed', 'actioned', 'closed'] as const;
export const ConcernStatus = z.enum(CONCERN_STATUSES);
export type ConcernStatus = z.infer<typeof ConcernStatus>;
export const CONCERN_STATUS_LABELS: Record<ConcernStatus, string> = {
  'to-triage': 'To triage',
  logged: 'Logged',
  assessed: 'Assessed',
  actioned: 'Action taken',
  closed: 'Closed',
};

export const CONCERN_SOURCES = ['alert', 'manual'] as const;
export const ConcernSource = z.enum(CONCERN_SOURCES);
export type ConcernSource = z.infer<typeof ConcernSource>;

export const CONCERN_EVENT_ACTIONS = ['raised', 'triaged', 'logged', 'assessed', 'actioned', 'closed', 'note'] as const;

/**
 * Triage of an automatic concern (status `to-triage`): "concern" moves it to logged with a risk
 * level; "allowed" (allowed for this role) creates the exception with its risk assessment and
 * closes it; "not-concern" closes it with a reason.
 */
export const TRIAGE_OUTCOMES = ['concern', 'allowed', 'not-concern'] as const;
export const TriageOutcome = z.enum(TRIAGE_OUTCOMES);
export type TriageOutcome = z.infer<typeof TriageOutcome>;
export const TRIAGE_OUTCOME_LABELS: Record<TriageOutcome, string> = {
  concern: 'A safeguarding concern',
  allowed: 'Allowed for this role',
  'not-concern': 'Not a concern',
};
export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export const RiskLevel = z.enum(RISK_LEVELS);
export type RiskLevel = z.infer<typeof RiskLevel>;
export const ConcernEventAction = z.enum(CONCERN_EVENT_ACTIONS);
export type ConcernEventAction = z.infer<typeof ConcernEventAction>;

/** A referral to another agency (e.g. the local authority's children's services, LADO, police). */
export const Referral = z.object({
  made: z.boolean(),
  /** Who it was made to; required when made. */
  to: z.string().trim().max(500).nullable().default(null),
  reference: z.string().trim().max(500).nullable().default(null),
  at: IsoDateTime.nullable().default(null),
});
export type Referral = z.infer<typeof Referral>;

export const Concern = z.object({
  id: z.number().int(),
  status: ConcernStatus,
  source: ConcernSource,
  alertId: ShortString.nullable(),
  deviceId: ShortString.nullable(),
  /** Device and keeper as they were when the concern was logged. */
  hostname: ShortString.nullable(),
  keeperName: ShortString.nullable(),
  summary: z.string(),
  loggedAt: IsoDateTime,
  loggedBy: ShortString,
  assessedAt: IsoDateTime.nullable(),
  assessedBy: ShortString.nullable(),
  assessment: z.string().nullable(),
  actionedAt: IsoDateTime.nullable(),
  actionedBy: ShortString.nullable(),
  actionsTaken: z.string().nullable(),
  referral: Referral.nullable(),
  closedAt: IsoDateTime.nullable(),
  closedBy: ShortString.nullable(),
  closingNote: z.string().nullable(),
  /** Triage (automatic concerns): the decision, who, when, the reason or risk assessment. */
  triageOutcome: TriageOutcome.nullable().default(null),
  triagedAt: IsoDateTime.nullable().default(null),
  triagedBy: ShortString.nullable().default(null),
  triageNote: z.string().nullable().default(null),
  riskLevel: RiskLevel.nullable().default(null),
  /** The exception made when triaged as allowed for this role. */
  exceptionId: ShortString.nullable().default(null),
  /** Catalogue ids of the apps the concern is about. */
  appIds: z.array(ShortString).default([]),
  /** Minutes from logged to assessed / to actioned (null until that step). */
  timeToAssessMinutes: z.number().int().nullable(),
  timeToActionMinutes: z.number().int().nullable(),
  /** Logged time plus the limit in working days: close it by then. */
  dueBy: IsoDateTime,
  /** Not closed and past dueBy. */
  overdue: z.boolean(),
  updatedAt: IsoDateTime,
});
export type Concern = z.infer<typeof Concern>;
export const ConcernList = z.array(Concern);

export const ConcernEvent = z.object({
  id: z.number().int(),
  at: IsoDateTime,
  /** "user:<email>" or "system". */
  actor: ShortString,
  action: ConcernEventAction,
  fromStatus: ConcernStatus.nullable(),
  toStatus: ConcernStatus.nullable(),
  note: z.string().nullable(),
});
export type ConcernEvent = z.infer<typeof ConcernEvent>;

export const ConcernDetail = Concern.extend({ events: z.array(ConcernEvent) });
export type ConcernDetail = z.infer<typeof ConcernDetail>;

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** Query of GET /api/concerns and /api/concerns.csv. `open=true`: every status but closed. */
export const ConcernListQuery = z.object({
  status: ConcernStatus.optional(),
  open: flag.optional(),
  overdue: flag.optional(),
  deviceId: z.string().max(200).optional(),
  /** Without a limit every matching concern is answered: no silent cap. */
  limit: z.coerce.number().int().min(1).optional(),
});
export type ConcernListQuery = z.infer<typeof ConcernListQuery>;

const text = (max: number) => z.string().trim().min(1).max(max);

/** POST /api/concerns: a concern opened by hand, optionally about a device (404 if unknown). */
export const CreateConcernRequest = z.object({
  summary: text(4_000),
  deviceId: z.string().max(200).optional(),
});
export type CreateConcernRequest = z.infer<typeof CreateConcernRequest>;

export const AssessConcernRequest = z.object({ assessment: text(10_000) });
export type AssessConcernRequest = z.infer<typeof AssessConcernRequest>;

export const ActionConcernRequest = z.object({
  actionsTaken: text(10_000),
  referral: Referral.refine((r) => !r.made || (r.to !== null && r.to.length > 0), {
    message: 'Say who the referral was made to',
    path: ['to'],
  }),
});
export type ActionConcernRequest = z.infer<typeof ActionConcernRequest>;
export type ActionConcernRequestInput = z.input<typeof ActionConcernRequest>;

export const CloseConcernRequest = z.object({ note: z.string().trim().max(10_000).optional() });
export type CloseConcernRequest = z.infer<typeof CloseConcernRequest>;

/**
 * POST /api/concerns/triage: one decision for one or many waiting concerns (all must be
 * `to-triage`, else 409 and nothing changes).
 *   concern      → logged, with riskLevel (required)
 *   allowed      → closed; an exception for the keeper's role (or the device when the keeper has
 *                  no role) allowing the concern's apps, with riskAssessment (required) until expiresAt
 *   not-concern  → closed, with reason (required)
 */
export const TriageConcernsRequest = z
  .object({
    ids: z.array(z.number().int().positive()).min(1).max(500),
    outcome: TriageOutcome,
    riskLevel: RiskLevel.optional(),
    riskAssessment: z.string().trim().max(10_000).optional(),
    expiresAt: IsoDateTime.optional(),
    reason: z.string().trim().max(10_000).optional(),
  })
  .superRefine((r, ctx) => {
    if (r.outcome === 'concern' && !r.riskLevel) ctx.addIssue({ code: 'custom', path: ['riskLevel'], message: 'Choose a risk level' });
    if (r.outcome === 'allowed' && !r.riskAssessment)
      ctx.addIssue({ code: 'custom', path: ['riskAssessment'], message: 'Write the risk assessment' });
    if (r.outcome === 'allowed' && !r.expiresAt) ctx.addIssue({ code: 'custom', path: ['expiresAt'], message: 'Choose when the exception ends' });
    if (r.outcome === 'not-concern' && !r.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Say why it is not a concern' });
  });
export type TriageConcernsRequest = z.infer<typeof TriageConcernsRequest>;

export const TriageConcernsResponse = z.object({ concerns: z.array(Concern), exceptionIds: z.array(ShortString) });
export type TriageConcernsResponse = z.infer<typeof TriageConcernsResponse>;

export const AddConcernNoteRequest = z.object({ note: text(10_000) });
export type AddConcernNoteRequest = z.infer<typeof AddConcernNoteRequest>;

/** Audit actions written by alerts, concerns and notification settings (plain words for UIs). */
export const ALERTS_AUDIT_ACTION_LABELS: Record<string, string> = {
  'concern.raised': 'Raised a concern for triage',
  'concern.triaged': 'Triaged a concern',
  'concern.logged': 'Logged a safeguarding concern',
  'concern.assessed': 'Recorded the assessment of a concern',
  'concern.actioned': 'Recorded the action taken on a concern',
  'concern.closed': 'Closed a concern',
  'concern.note-added': 'Added a note to a concern',
  'notifications.settings-updated': 'Changed the alert and email settings',
  'notifications.recipient-added': 'Added an alert recipient',
  'notifications.recipient-removed': 'Removed an alert recipient',
  'notifications.test-sent': 'Sent a test email',
  'notifications.delivery-retried': 'Retried sending an alert',
  'password-prompts.run': 'Sent password reminders now',
};
