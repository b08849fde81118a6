import { z } from 'zod';
import { IsoDateTime, ShortString } from '../facts/common.js';
import { DeliveryStatus } from './notifications.js';

/**
 * Quarterly password prompts: from policy.passwordAge.graceDays (14) before an account's password is
 * due, the console sends the device's agent `notify` and emails the keeper, every
 * settings.prompts.repeatDays (3) days until the agent reports a newer password date.
 *
 *   GET  /api/password-prompts            signed in → DevicePasswordDue[] (each device's "password due")
 *   GET  /api/password-prompts/:deviceId  signed in → DevicePasswordPrompts (accounts + prompt history)
 *   POST /api/password-prompts/run        admin     → PromptRunResult (the job, now; audited)
 */

export const PASSWORD_DUE_STATES = ['ok', 'due-soon', 'overdue', 'unknown'] as const;
export const PasswordDueState = z.enum(PASSWORD_DUE_STATES);
export type PasswordDueState = z.infer<typeof PasswordDueState>;

/** One personal account's password due date, from the device's latest facts. */
export const AccountPasswordDue = z.object({
  username: ShortString,
  passwordLastSetAt: IsoDateTime.nullable(),
  /** Last set + the policy's maximum age; null when the date is unknown. */
  dueAt: IsoDateTime.nullable(),
  /** Whole days until due (negative: overdue). */
  daysLeft: z.number().int().nullable(),
  state: PasswordDueState,
});
export type AccountPasswordDue = z.infer<typeof AccountPasswordDue>;

export const PROMPT_KINDS = ['due-soon', 'overdue', 'quarterly'] as const;
export const PromptKind = z.enum(PROMPT_KINDS);
export type PromptKind = z.infer<typeof PromptKind>;

/** sent: the agent was sent `notify`; not-connected: it was offline (tried again on the next run). */
export const PROMPT_AGENT_STATES = ['sent', 'not-connected'] as const;
/** queued: an email is in the delivery log (see emailDeliveryId); no-keeper-email: none set. */
export const PROMPT_EMAIL_STATES = ['queued', 'no-keeper-email'] as const;

export const PasswordPrompt = z.object({
  id: z.number().int(),
  deviceId: ShortString,
  kind: PromptKind,
  /** The account reminded; null for the quarterly reminder. */
  username: ShortString.nullable(),
  passwordLastSetAt: IsoDateTime.nullable(),
  dueAt: IsoDateTime.nullable(),
  createdAt: IsoDateTime,
  title: z.string(),
  body: z.string(),
  agent: z.enum(PROMPT_AGENT_STATES),
  agentSentAt: IsoDateTime.nullable(),
  /** When the agent reported the notification shown on screen, and clicked ("opened") by the keeper. */
  agentShownAt: IsoDateTime.nullable().optional(),
  agentOpenedAt: IsoDateTime.nullable().optional(),
  email: z.enum(PROMPT_EMAIL_STATES),
  emailDeliveryId: z.number().int().nullable(),
  /** The email's delivery status when there is one. */
  emailStatus: DeliveryStatus.nullable(),
});
export type PasswordPrompt = z.infer<typeof PasswordPrompt>;

export const DevicePasswordDue = z.object({
  deviceId: ShortString,
  hostname: ShortString,
  keeperName: ShortString.nullable(),
  /** Earliest due date of the device's personal accounts ("password due"). */
  nextDueAt: IsoDateTime.nullable(),
  accounts: z.array(AccountPasswordDue),
  lastPromptAt: IsoDateTime.nullable(),
});
export type DevicePasswordDue = z.infer<typeof DevicePasswordDue>;

export const DevicePasswordPrompts = DevicePasswordDue.extend({ prompts: z.array(PasswordPrompt) });
export type DevicePasswordPrompts = z.infer<typeof DevicePasswordPrompts>;

export const PromptRunResult = z.object({
  devices: z.number().int(),
  prompts: z.number().int(),
  notifySent: z.number().int(),
  emailsQueued: z.number().int(),
});
export type PromptRunResult = z.infer<typeof PromptRunResult>;
