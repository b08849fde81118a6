import { z } from 'zod';
import { ControlId } from '../compliance.js';
import { IsoDateTime, ShortString } from '../facts/common.js';
import type { UserRole } from './auth.js';
import { pageOf, PageQuery } from './paging.js';

/**
 * Alerts. One alert is one failing condition: a device + a control. It is opened when the control
 * moves to `fail` (from pass, grace, unknown or never evaluated) and resolved when the control
 * passes again (or is back in its grace period). While it is open it never alerts twice; the grace
 * ladder (AlertLadder in notifications.ts) may remind the keeper and escalate once each.
 *
 * Safeguarding alerts (SAFEGUARDING_CONTROLS) go to the DSL at once and open a concern; technical
 * alerts go to the IT lead (optionally in a daily digest). A silent device (agent-checkin fails) is
 * a technical alert for the IT lead.
 */
export const ALERT_CATEGORIES = ['safeguarding', 'technical'] as const;
export const AlertCategory = z.enum(ALERT_CATEGORIES);
export type AlertCategory = z.infer<typeof AlertCategory>;

export const ALERT_STATUSES = ['open', 'resolved'] as const;
export const AlertStatus = z.enum(ALERT_STATUSES);
export type AlertStatus = z.infer<typeof AlertStatus>;

/** Controls whose failure is a safeguarding matter (the DSL's); every other control is technical. */
export const SAFEGUARDING_CONTROLS: readonly ControlId[] = ['social-apps'];

export function alertCategoryOf(control: ControlId): AlertCategory {
  return SAFEGUARDING_CONTROLS.includes(control) ? 'safeguarding' : 'technical';
}

/** Roles that see a safeguarding alert's details (reason, apps, keeper, concern). */
export const SAFEGUARDING_ROLES: readonly UserRole[] = ['admin', 'dsl'];

/**
 * Whether the new-alert messages really left the console (from the delivery log), without any
 * address, so every role may read it: `none` no recipient was set; `pending` still trying;
 * `held` waiting for the daily summary; `sent` all went; `partly` some went, some failed; `failed` none went.
 */
export const ALERT_DELIVERY_STATES = ['none', 'pending', 'held', 'sent', 'partly', 'failed'] as const;
export const AlertDelivery = z.object({
  state: z.enum(ALERT_DELIVERY_STATES),
  sent: z.number().int().nonnegative(),
  pending: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  /** When the last of them was sent (null when none was). */
  lastSentAt: IsoDateTime.nullable(),
});
export type AlertDelivery = z.infer<typeof AlertDelivery>;

export const Alert = z.object({
  id: ShortString,
  deviceId: ShortString,
  hostname: ShortString,
  /** The device's keeper; null when none is set or hidden from this role. */
  keeperName: ShortString.nullable(),
  control: ControlId,
  /** The control's title in plain words, e.g. "No social media or messaging apps". */
  controlTitle: ShortString,
  category: AlertCategory,
  status: AlertStatus,
  openedAt: IsoDateTime,
  /** Grace ladder: when the keeper was reminded, when it was escalated (null: not yet / switched off). */
  remindedAt: IsoDateTime.nullable(),
  escalatedAt: IsoDateTime.nullable(),
  resolvedAt: IsoDateTime.nullable(),
  /** Why it was resolved, e.g. "The check passes again." */
  resolvedReason: z.string().nullable(),
  /** What was found (the finding's reason, kept up to date while open). Redacted: says details are hidden. */
  reason: z.string(),
  /** How to fix it. Null when hidden. */
  resolution: z.string().nullable(),
  /** The finding's details (e.g. SocialAppsDetails). Null when hidden or none. */
  details: z.record(z.string(), z.unknown()).nullable(),
  /** The concern opened for a safeguarding alert. Null for technical alerts or when hidden. */
  concernId: z.number().int().nullable(),
  /** Console path of the device, e.g. "/devices/<id>". */
  link: z.string(),
  /** True when details were withheld from this role (a viewer looking at a safeguarding alert). */
  redacted: z.boolean(),
  /** The true delivery state of the new-alert messages (absent where not looked up, e.g. inside an email). */
  delivery: AlertDelivery.optional(),
});
export type Alert = z.infer<typeof Alert>;
export const AlertList = z.array(Alert);

/**
 * GET /api/alerts?status=open|resolved&deviceId=&control=&limit= (any signed-in role) → Alert[],
 * newest first. The live feed's initial load is `?status=open`. Viewers get safeguarding alerts
 * redacted (alertForRole): they see that an alert exists for a device and control, not the apps,
 * keeper, reason or concern. GET /api/alerts/:id → Alert (same redaction), 404 unknown.
 */
export const AlertListQuery = z.object({
  status: AlertStatus.optional(),
  deviceId: z.string().max(200).optional(),
  control: ControlId.optional(),
  /** Without a limit every matching alert is answered (no silent cap); prefer GET /api/alerts/page. */
  limit: z.coerce.number().int().min(1).optional(),
});
export type AlertListQuery = z.infer<typeof AlertListQuery>;

/** GET /api/alerts/page: the same filters, newest first, one page, and the true total. */
export const AlertPageQuery = PageQuery.extend(AlertListQuery.omit({ limit: true }).shape);
export type AlertPageQuery = z.infer<typeof AlertPageQuery>;
export const AlertPage = pageOf(Alert);
export type AlertPage = z.infer<typeof AlertPage>;

/**
 * Live alerts feed (server → browser over /ws/console, forwarded from the server's ServerEvents
 * `alert-opened` / `alert-resolved`, emitted after the database commit). Forward each event through
 * alertEventForRole for the connection's role.
 */
export const ALERT_EVENT_TYPES = ['alert-opened', 'alert-resolved'] as const;
export const AlertEvent = z.object({
  type: z.enum(ALERT_EVENT_TYPES),
  at: IsoDateTime,
  alert: Alert,
});
export type AlertEvent = z.infer<typeof AlertEvent>;

const HIDDEN_REASON = 'A safeguarding alert. Its details are shown to the DSL and the IT lead only.';

/** The alert as a user with `role` may see it: safeguarding details are for admin and dsl only. */
export function alertForRole(alert: Alert, role: UserRole): Alert {
  if (alert.category !== 'safeguarding' || SAFEGUARDING_ROLES.includes(role)) return alert;
  return {
    ...alert,
    keeperName: null,
    reason: HIDDEN_REASON,
    resolution: null,
    details: null,
    concernId: null,
    resolvedReason: alert.resolvedReason === null ? null : 'Resolved.',
    redacted: true,
  };
}

export function alertEventForRole(event: AlertEvent, role: UserRole): AlertEvent {
  return { ...event, alert: alertForRole(event.alert, role) };
}
