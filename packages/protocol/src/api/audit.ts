import { z } from 'zod';
import { IsoDateTime } from '../facts/common.js';

/**
 * GET /api/audit?limit=100&before=<id>&target=<target> (admin or dsl) → AuditEntry[], newest first.
 * `before` pages back (entries with id < before); `target` keeps entries about one target (a device
 * id, an exception id, a user email…). The query is validated with AuditQuery (400 otherwise).
 */
export const AuditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.coerce.number().int().positive().optional(),
  target: z.string().max(1_000).optional(),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

/**
 * GET /api/audit/export.csv and /api/audit/export.json (IT lead only): every entry that matches,
 * oldest first, streamed (no cap). All filters are optional; `from`/`to` are ISO times (`to` exclusive).
 */
export const AuditExportQuery = z.object({
  target: z.string().max(1_000).optional(),
  action: z.string().max(200).optional(),
  actor: z.string().max(400).optional(),
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
});
export type AuditExportQuery = z.infer<typeof AuditExportQuery>;

/** One row of the audit trail. Never holds secrets, passwords or tokens. */
export const AuditEntry = z.object({
  id: z.number().int(),
  at: IsoDateTime,
  /** "user:<email>", "cli", "system" or "device:<id>". */
  actor: z.string(),
  /** e.g. "exception.created" (see AUDIT_ACTION_LABELS); unknown actions are shown as they are. */
  action: z.string(),
  target: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;
export const AuditList = z.array(AuditEntry);

/** Plain words for the actions the console records. Servers may add more; UIs fall back to the name. */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'auth.login': 'Signed in',
  'request.cross-site-refused': 'A request from another website was refused',
  'session.refused': 'A request with an unknown or ended session was refused',
  'auth.password-changed': 'Changed their password',
  'user.created': 'Added a console user',
  'user.updated': 'Changed a console user',
  'user.deleted': 'Removed a console user',
  'policy.updated': 'Changed the policy settings',
  'enrolment-token.created': 'Created an enrolment token',
  'device.enrolled': 'Enrolled a device',
  'device.keeper-updated': 'Changed a device’s keeper',
  'device.revoked': 'Revoked a device',
  'device.command-sent': 'Asked a device to check now',
  'role.created': 'Added a keeper role',
  'role.updated': 'Changed a keeper role',
  'role.deleted': 'Removed a keeper role',
  'exception.created': 'Approved an exception',
  'exception.revoked': 'Revoked an exception',
  'exception.expired': 'An exception expired',
  'auth.totp-enabled': 'Turned on two-step sign-in',
  'auth.totp-disabled': 'Turned off two-step sign-in',
  'auth.totp-failed': 'A wrong two-step sign-in code was given',
  'auth.totp-recovery-used': 'Signed in with a recovery code',
  'user.totp-reset': 'Turned off a user’s two-step sign-in',
  'device.credential-rotation-started': 'Sent a device a new credential',
  'device.credential-rotated': 'A device’s new credential took over (the old one stopped working)',
  'audit.exported': 'Downloaded the activity log',
  'retention.ran': 'Old raw reports and snapshots were deleted (retention)',
  'job.ran': 'A scheduled job ran (once across console processes)',
};
