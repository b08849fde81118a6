import { z } from 'zod';
import { IsoDateTime, LIMITS, ShortString } from './facts/common.js';

/** Control ids of the CAUK pack. Other work (alerts, UI, exceptions) keys on these exact strings. */
export const CONTROL_IDS = [
  'antivirus',
  'antispyware',
  'os-updates',
  'password-age',
  'social-apps',
  'disk-encryption',
  'screen-lock',
  'agent-checkin',
] as const;
export const ControlId = z.enum(CONTROL_IDS);
export type ControlId = z.infer<typeof ControlId>;

/** Result of one control on one device. `unknown` is honest: the facts could not say. */
export const FindingStatus = z.enum(['pass', 'grace', 'fail', 'unknown']);
export type FindingStatus = z.infer<typeof FindingStatus>;

export const Finding = z.object({
  control: ControlId,
  status: FindingStatus,
  /** What was found, in plain words, naming accounts/apps/ages. */
  reason: z.string().max(4_000),
  /** What the keeper or IT lead can do about it, in plain words. */
  resolution: z.string().max(4_000),
  /** For grace: when it becomes a fail. */
  dueAt: IsoDateTime.optional(),
  /** Structured details (e.g. the apps matched, the accounts overdue) for UIs and alerts. */
  details: z.record(z.string(), z.unknown()).optional(),
});
export type Finding = z.infer<typeof Finding>;

/** Device status words, as Intune uses them. */
export const DEVICE_STATUSES = ['compliant', 'grace', 'noncompliant', 'notEvaluated', 'stale'] as const;
export const DeviceStatus = z.enum(DEVICE_STATUSES);
export type DeviceStatus = z.infer<typeof DeviceStatus>;
export const DEVICE_STATUS_LABELS: Record<DeviceStatus, string> = {
  compliant: 'Compliant',
  grace: 'In grace period',
  noncompliant: 'Not compliant',
  notEvaluated: 'Not evaluated',
  stale: 'Stale',
};

export const APP_CATEGORIES = ['social', 'messaging', 'video-chat', 'dating', 'live-streaming', 'work-collaboration'] as const;
export const AppCategory = z.enum(APP_CATEGORIES);
export type AppCategory = z.infer<typeof AppCategory>;

/** Thresholds of a policy pack; the console can edit them. Defaults are the CAUK values. */
export const PolicySettings = z.object({
  id: ShortString.default('cauk'),
  antivirus: z.object({ maxDefinitionAgeDays: z.number().int().min(1).max(365).default(7) }).default({ maxDefinitionAgeDays: 7 }),
  osUpdates: z
    .object({
      securityGraceDays: z.number().int().min(0).max(365).default(14),
      /** Tablets and phones: the oldest Android security patch level allowed, in days. */
      maxPatchAgeDays: z.number().int().min(7).max(365).default(90),
    })
    .default({ securityGraceDays: 14, maxPatchAgeDays: 90 }),
  passwordAge: z
    .object({
      maxAgeDays: z.number().int().min(1).max(3650).default(90),
      /** Days before the maximum when the grace period (and keeper prompts) start. */
      graceDays: z.number().int().min(0).max(365).default(14),
    })
    .default({ maxAgeDays: 90, graceDays: 14 }),
  socialApps: z
    .object({ categories: z.array(AppCategory).default([...APP_CATEGORIES]) })
    .default({ categories: [...APP_CATEGORIES] }),
  /**
   * Work-collaboration channels (catalogue ids, e.g. "teams") the organisation has agreed: they pass
   * social-apps as approved channels. `chosen` is false until someone answered the question, so the
   * console can ask on first start; until then no channel is allowed.
   */
  approvedChannels: z
    .object({
      chosen: z.boolean().default(false),
      appIds: z.array(ShortString).max(100).default([]),
    })
    .default({ chosen: false, appIds: [] }),
  screenLock: z.object({ maxIdleMinutes: z.number().int().min(1).max(240).default(15) }).default({ maxIdleMinutes: 15 }),
  agentCheckin: z.object({ windowHours: z.number().int().min(1).max(24 * 30).default(24) }).default({ windowHours: 24 }),
  /** Controls switched off for this organisation (reported as unknown with that reason). */
  disabledControls: z.array(ControlId).default([]),
});
export type PolicySettings = z.infer<typeof PolicySettings>;
export type PolicySettingsInput = z.input<typeof PolicySettings>;

/** An approved exception: named catalogue apps allowed for a keeper role or for one device. */
export const PolicyException = z.object({
  id: ShortString,
  /** Catalogue entry ids (e.g. "whatsapp", "facebook"). */
  appIds: z.array(ShortString).min(1).max(200),
  scope: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('role'), role: ShortString }),
    z.object({ kind: z.literal('device'), deviceId: ShortString }),
  ]),
  riskAssessment: z.string().max(LIMITS.maxErrorMessage * 5),
  approvedBy: ShortString,
  createdAt: IsoDateTime,
  expiresAt: IsoDateTime,
});
export type PolicyException = z.infer<typeof PolicyException>;
