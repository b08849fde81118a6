import { z } from 'zod';
import { ControlId, CONTROL_IDS } from '../compliance.js';
import { IsoDateTime, ShortString } from '../facts/common.js';

/**
 * Alert and email settings, recipients, the delivery log and password prompts.
 *
 *   GET    /api/notifications/settings           admin, dsl → NotificationSettingsView
 *   PUT    /api/notifications/settings           admin      → NotificationSettingsView
 *   GET    /api/notifications/recipients         admin, dsl → Recipient[]
 *   POST   /api/notifications/recipients         admin      → 201 Recipient
 *   DELETE /api/notifications/recipients/:id     admin      → {ok: true}
 *   POST   /api/notifications/test               admin      → 202 Delivery (a test email)
 *   GET    /api/notifications/deliveries         admin, dsl → Delivery[] (with every attempt)
 *   POST   /api/notifications/deliveries/:id/retry admin    → Delivery (tries again now)
 * Password prompts are in password-prompts.ts.
 */

// ---------------------------------------------------------------- settings

/**
 * How to talk to the mail server: `opportunistic` uses STARTTLS when the server offers it
 * (smtp://), `starttls` requires it, `implicit` is TLS from the start (smtps://, port 465),
 * `none` never encrypts (only for a mail server on the same machine).
 */
export const SMTP_TLS_MODES = ['opportunistic', 'starttls', 'implicit', 'none'] as const;
export const SmtpTls = z.enum(SMTP_TLS_MODES);
export type SmtpTls = z.infer<typeof SmtpTls>;

export const SmtpSettings = z.object({
  host: z.string().trim().min(1).max(255),
  port: z.number().int().min(1).max(65_535),
  tls: SmtpTls.default('opportunistic'),
  user: z.string().max(320).nullable().default(null),
  /** Write-only: never returned. Absent on PUT = keep the saved password; null = no password. */
  password: z.string().max(1_000).nullable().optional(),
});
export type SmtpSettings = z.infer<typeof SmtpSettings>;

export const Person = z.object({
  name: z.string().trim().max(200).default(''),
  email: z.email().max(320),
});
export type Person = z.infer<typeof Person>;

/**
 * The grace ladder of one control, in the spirit of Intune's actions for non-compliance: day 0 the
 * alert opens (and is routed); after `remindKeeperAfterDays` the keeper is emailed how to fix it;
 * after `escalateAfterDays` it is escalated to the DSL and the IT lead. null switches a step off.
 */
export const LadderStep = z.object({
  remindKeeperAfterDays: z.number().int().min(0).max(365).nullable(),
  escalateAfterDays: z.number().int().min(0).max(365).nullable(),
});
export type LadderStep = z.infer<typeof LadderStep>;
export const AlertLadder = z.record(ControlId, LadderStep);
export type AlertLadder = Record<ControlId, LadderStep>;

export const DEFAULT_LADDER: AlertLadder = Object.fromEntries(
  CONTROL_IDS.map((c) => [
    c,
    c === 'social-apps'
      ? // The DSL decides how to talk to the keeper, so no automatic keeper email for safeguarding.
        { remindKeeperAfterDays: null, escalateAfterDays: 2 }
      : c === 'agent-checkin'
        ? { remindKeeperAfterDays: 2, escalateAfterDays: 7 }
        : { remindKeeperAfterDays: 1, escalateAfterDays: 7 },
  ]),
) as AlertLadder;

/** Technical alert emails to the IT lead grouped into one email a day at `time` (HH:MM). */
export const DigestSettings = z.object({
  enabled: z.boolean(),
  time: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use HH:MM, e.g. 08:00')
    .default('08:00'),
  /** IANA time zone, e.g. Europe/London; the server's own when absent. */
  timezone: z.string().max(100).optional(),
});
export type DigestSettings = z.infer<typeof DigestSettings>;

export const ConcernSettings = z.object({ overdueWorkingDays: z.number().int().min(1).max(60) });
export const PromptSettings = z.object({
  enabled: z.boolean(),
  /** Days between repeated reminders while a password is due. */
  repeatDays: z.number().int().min(1).max(30),
  /** A reminder to every keeper on the first day of each quarter. */
  quarterlyReminder: z.boolean(),
});
export type PromptSettings = z.infer<typeof PromptSettings>;

/**
 * PUT /api/notifications/settings (admin). Every key is optional: an absent key is left as it is;
 * null clears the console's value, so the environment's (SAFEFLEET_SMTP_URL, SAFEFLEET_MAIL_FROM,
 * SAFEFLEET_DSL_EMAIL, SAFEFLEET_ITLEAD_EMAIL) or the default applies again. A value saved here
 * overrides the environment. `ladder` entries are merged per control.
 */
export const UpdateNotificationSettingsRequest = z.object({
  smtp: SmtpSettings.nullable().optional(),
  mailFrom: z.string().trim().min(3).max(400).nullable().optional(),
  /** Base of links in emails (<consoleUrl>/devices/<id>); default the console's --public-url. */
  consoleUrl: z
    .url({ protocol: /^https?$/ })
    .max(500)
    .nullable()
    .optional(),
  dsl: Person.nullable().optional(),
  /** The online-safety coordinator (may be the same person as the DSL). */
  onlineSafetyCoordinator: Person.nullable().optional(),
  itLead: Person.nullable().optional(),
  ladder: z.partialRecord(ControlId, LadderStep).nullable().optional(),
  digest: DigestSettings.nullable().optional(),
  /** Also email/post when an alert is resolved (default true). */
  notifyOnResolve: z.boolean().nullable().optional(),
  concerns: ConcernSettings.nullable().optional(),
  prompts: PromptSettings.nullable().optional(),
});
export type UpdateNotificationSettingsRequest = z.infer<typeof UpdateNotificationSettingsRequest>;

export const SETTING_SOURCES = ['console', 'environment', 'default'] as const;
export const SettingSource = z.enum(SETTING_SOURCES);
export type SettingSource = z.infer<typeof SettingSource>;

/**
 * The settings in force (defaults < environment < console), as the console itself uses them:
 * including the SMTP password, so never sent to a browser (EffectiveNotificationSettings is).
 */
export const NotificationSettings = z.object({
  smtp: SmtpSettings.omit({ password: true }).extend({ password: z.string().nullable() }).nullable(),
  mailFrom: z.string().nullable(),
  consoleUrl: z.string().nullable(),
  dsl: Person.nullable(),
  onlineSafetyCoordinator: Person.nullable(),
  itLead: Person.nullable(),
  ladder: AlertLadder,
  digest: DigestSettings,
  notifyOnResolve: z.boolean(),
  concerns: ConcernSettings,
  prompts: PromptSettings,
});
export type NotificationSettings = z.infer<typeof NotificationSettings>;

/** The settings in force as the API shows them: the SMTP password only as hasPassword. */
export const EffectiveNotificationSettings = NotificationSettings.extend({
  smtp: SmtpSettings.omit({ password: true }).extend({ hasPassword: z.boolean() }).nullable(),
});
export type EffectiveNotificationSettings = z.infer<typeof EffectiveNotificationSettings>;

export const NotificationSettingsView = z.object({
  settings: EffectiveNotificationSettings,
  sources: z.record(z.string(), SettingSource),
  updatedAt: IsoDateTime.nullable(),
  updatedBy: ShortString.nullable(),
});
export type NotificationSettingsView = z.infer<typeof NotificationSettingsView>;

// ---------------------------------------------------------------- recipients

export const WEBHOOK_FORMATS = ['generic', 'teams', 'slack'] as const;
export const WebhookFormat = z.enum(WEBHOOK_FORMATS);
export type WebhookFormat = z.infer<typeof WebhookFormat>;

export const RECIPIENT_CHANNELS = ['email', 'webhook'] as const;
export const RecipientChannel = z.enum(RECIPIENT_CHANNELS);
export type RecipientChannel = z.infer<typeof RecipientChannel>;

/**
 * An extra recipient: an email address or a webhook (generic JSON, Microsoft Teams or Slack) that
 * gets alerts of one control, or of every control when `control` is null. Webhook URLs are secrets
 * (anyone with the URL can post): the API shows only their origin.
 */
export const Recipient = z.object({
  id: z.number().int(),
  name: ShortString,
  channel: RecipientChannel,
  /** The email address, or the webhook URL's origin followed by "/…". */
  address: ShortString,
  format: WebhookFormat.nullable(),
  control: ControlId.nullable(),
  createdAt: IsoDateTime,
  createdBy: ShortString,
});
export type Recipient = z.infer<typeof Recipient>;
export const RecipientList = z.array(Recipient);

export const CreateRecipientRequest = z.discriminatedUnion('channel', [
  z.object({
    channel: z.literal('email'),
    name: z.string().trim().min(1).max(200),
    address: z.email().max(320),
    control: ControlId.nullable().default(null),
  }),
  z.object({
    channel: z.literal('webhook'),
    name: z.string().trim().min(1).max(200),
    url: z.url({ protocol: /^https?$/ }).max(2_000),
    format: WebhookFormat.default('generic'),
    control: ControlId.nullable().default(null),
  }),
]);
export type CreateRecipientRequest = z.infer<typeof CreateRecipientRequest>;
export type CreateRecipientRequestInput = z.input<typeof CreateRecipientRequest>;

// ---------------------------------------------------------------- delivery log

export const DELIVERY_KINDS = [
  'alert-opened',
  'alert-reminder',
  'alert-escalated',
  'alert-resolved',
  'digest',
  'password-prompt',
  'quarterly-reminder',
  'test',
  /** The trustees' quarterly report (PDF attached). */
  'trustees-report',
  /** The twice-yearly security review is due (to IT leads and DSLs). */
  'security-review-due',
] as const;
export const DeliveryKind = z.enum(DELIVERY_KINDS);
export type DeliveryKind = z.infer<typeof DeliveryKind>;

/**
 * pending: waiting for its (next) attempt; sent; failed: gave up after the last attempt;
 * held: a technical alert email waiting for the daily digest; digested: sent inside a digest.
 */
export const DELIVERY_STATUSES = ['pending', 'sent', 'failed', 'held', 'digested'] as const;
export const DeliveryStatus = z.enum(DELIVERY_STATUSES);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

export const DELIVERY_CHANNELS = ['email', 'webhook'] as const;
export const DeliveryChannel = z.enum(DELIVERY_CHANNELS);
export type DeliveryChannel = z.infer<typeof DeliveryChannel>;

export const DeliveryAttempt = z.object({
  attempt: z.number().int().positive(),
  at: IsoDateTime,
  ok: z.boolean(),
  /** e.g. the SMTP reply ("250 OK") or "HTTP 200". */
  response: z.string().nullable(),
  error: z.string().nullable(),
  durationMs: z.number().int().nonnegative(),
});
export type DeliveryAttempt = z.infer<typeof DeliveryAttempt>;

export const Delivery = z.object({
  id: z.number().int(),
  kind: DeliveryKind,
  channel: DeliveryChannel,
  format: WebhookFormat.nullable(),
  alertId: ShortString.nullable(),
  deviceId: ShortString.nullable(),
  /** Email address, or the webhook's origin + "/…". */
  target: ShortString,
  /** Who it is for, e.g. "DSL", "IT lead", "Keeper", a recipient's name. */
  recipientLabel: ShortString.nullable(),
  subject: z.string(),
  status: DeliveryStatus,
  attempts: z.number().int().nonnegative(),
  nextAttemptAt: IsoDateTime.nullable(),
  lastError: z.string().nullable(),
  createdAt: IsoDateTime,
  sentAt: IsoDateTime.nullable(),
  attemptLog: z.array(DeliveryAttempt),
});
export type Delivery = z.infer<typeof Delivery>;
export const DeliveryList = z.array(Delivery);

export const DeliveryListQuery = z.object({
  alertId: z.string().max(200).optional(),
  status: DeliveryStatus.optional(),
  kind: DeliveryKind.optional(),
  limit: z.coerce.number().int().min(1).max(1_000).default(200),
});
export type DeliveryListQuery = z.infer<typeof DeliveryListQuery>;

/** POST /api/notifications/test: to `to`, else to the IT lead (400 when neither is known). */
export const TestEmailRequest = z.object({ to: z.email().max(320).optional() });
export type TestEmailRequest = z.infer<typeof TestEmailRequest>;
