import { z } from 'zod';
import { IsoDateTime, ShortString } from '../facts/common.js';
import { PolicyException } from '../compliance.js';

/** Who an exception covers: every device whose keeper has the role, or one device. */
export const ExceptionScope = PolicyException.shape.scope;
export type ExceptionScope = z.infer<typeof ExceptionScope>;

/** Shortest risk assessment accepted, in characters (after trimming). */
export const RISK_ASSESSMENT_MIN_LENGTH = 20;
/** Longest an exception may run, from when it is created. */
export const EXCEPTION_MAX_DAYS = 3 * 366;

/** active: in force; expired: past expiresAt (stops applying, kept for the record); revoked: ended by hand. */
export const ExceptionState = z.enum(['active', 'expired', 'revoked']);
export type ExceptionState = z.infer<typeof ExceptionState>;
export const EXCEPTION_STATE_LABELS: Record<ExceptionState, string> = {
  active: 'Active',
  expired: 'Expired',
  revoked: 'Revoked',
};

/**
 * One exception as the console shows it: the PolicyException the policy engine uses, plus its record.
 * `state` is computed at read time: revoked if revokedAt is set, else expired if expiresAt <= now,
 * else active. Only active exceptions are passed to the policy engine.
 */
export const ExceptionRecord = PolicyException.extend({
  state: ExceptionState,
  /** "user:<email>" of whoever recorded it. */
  createdBy: ShortString,
  revokedAt: IsoDateTime.nullable(),
  revokedBy: ShortString.nullable(),
  /** For scope kind "device": that device's hostname (null if the device is gone); null for roles. */
  deviceHostname: ShortString.nullable(),
});
export type ExceptionRecord = z.infer<typeof ExceptionRecord>;

/** GET /api/exceptions (signed in, any role) → ExceptionRecord[], newest first, all states. */
export const ExceptionList = z.array(ExceptionRecord);

/**
 * POST /api/exceptions (admin or dsl) → 201 ExceptionRecord.
 * - appIds: catalogue entry ids (GET /api/catalogue); 400 naming any id not in the catalogue.
 * - scope: {kind:'role', role} (a role name; it need not be a defined KeeperRole, but the console
 *   offers defined ones) or {kind:'device', deviceId} (404 if no such non-revoked device).
 * - riskAssessment: the written risk assessment, at least RISK_ASSESSMENT_MIN_LENGTH characters.
 * - approvedBy: name of the person who approved it (e.g. "Sam Patel, DSL"), in the caller's words.
 * - expiresAt: when it stops applying; default one year after creation; must be in the future and
 *   at most EXCEPTION_MAX_DAYS away (400 otherwise). The web sends the end of the chosen day (UTC).
 * The server stores it, audits `exception.created` (detail: appIds, scope, approvedBy, expiresAt,
 * riskAssessment), re-evaluates the devices it covers, and pushes their ConsoleEvents.
 */
export const CreateExceptionRequest = z.object({
  appIds: z.array(z.string().trim().min(1).max(100)).min(1).max(200),
  scope: ExceptionScope,
  riskAssessment: z.string().trim().min(RISK_ASSESSMENT_MIN_LENGTH).max(10_000),
  approvedBy: z.string().trim().min(1).max(200),
  expiresAt: IsoDateTime.optional(),
});
export type CreateExceptionRequest = z.infer<typeof CreateExceptionRequest>;

/*
 * DELETE /api/exceptions/:id (admin or dsl) → 200 ExceptionRecord (state "revoked"). Revoking is
 * idempotent (a second call answers the same record); 404 unknown id. The record is kept. Audited as
 * `exception.revoked`; covered devices are re-evaluated and pushed.
 *
 * Expiry: when an active exception passes expiresAt the server (scheduler, at least every minute)
 * re-evaluates the devices it covered, audits `exception.expired` (actor "system") once, and pushes
 * their ConsoleEvents, so the app turns back to fail without a new report.
 */

/** Default end of a new exception: one year after `now`. */
export function defaultExceptionExpiry(now: Date): Date {
  const d = new Date(now.getTime());
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  return d;
}
