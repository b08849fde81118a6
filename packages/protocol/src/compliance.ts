import { z } from 'zod';
import { AppCategory, APP_CATEGORIES } from './app-categories.js';
import { ControlId } from './control-ids.js';
import {
  agentCheckinControl,
  antispywareControl,
  antivirusControl,
  diskEncryptionControl,
  numberSettingsSchema,
  osUpdatesControl,
  passwordAgeControl,
  screenLockControl,
  socialAppsControl,
  type PolicyNumberSetting,
} from './controls/index.js';
import { IsoDateTime, LIMITS, ShortString } from './facts/common.js';
import { FindingStatus } from './finding-status.js';

export { CONTROL_IDS, ControlId } from './control-ids.js';
export { FindingStatus } from './finding-status.js';
export { APP_CATEGORIES, AppCategory } from './app-categories.js';

const findingFields = {
  status: FindingStatus,
  /** What was found, in plain words, naming accounts/apps/ages. */
  reason: z.string().max(4_000),
  /** What the keeper or IT lead can do about it, in plain words. */
  resolution: z.string().max(4_000),
  /** For grace: when it becomes a fail. */
  dueAt: IsoDateTime.optional(),
};

/** The finding of one control: `details` has that control's shape (its module in controls/). */
function findingOf<const Id extends ControlId, D extends z.ZodType>(control: { id: Id; details: D }) {
  return z.object({ control: z.literal(control.id), ...findingFields, details: control.details.optional() });
}

/** Result of one control on one device, told apart by `control`. */
export const Finding = z.discriminatedUnion('control', [
  findingOf(antivirusControl),
  findingOf(antispywareControl),
  findingOf(osUpdatesControl),
  findingOf(passwordAgeControl),
  findingOf(socialAppsControl),
  findingOf(diskEncryptionControl),
  findingOf(screenLockControl),
  findingOf(agentCheckinControl),
]);
export type Finding = z.infer<typeof Finding>;
/** The finding of one control. */
export type FindingOf<Id extends ControlId> = Extract<Finding, { control: Id }>;

/** The finding of one control among a device's findings, typed with that control's details. */
export function findingFor<Id extends ControlId>(findings: readonly Finding[], control: Id): FindingOf<Id> | undefined {
  return findings.find((f): f is FindingOf<Id> => f.control === control);
}

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

/** Thresholds of a policy pack; the console can edit them. Defaults are the CAUK values (controls/). */
export const PolicySettings = z.object({
  id: ShortString.default('cauk'),
  antivirus: numberSettingsSchema(antivirusControl.settings.numbers),
  osUpdates: numberSettingsSchema(osUpdatesControl.settings.numbers),
  passwordAge: numberSettingsSchema(passwordAgeControl.settings.numbers),
  socialApps: z.object({ categories: z.array(AppCategory).default([...APP_CATEGORIES]) }).default({ categories: [...APP_CATEGORIES] }),
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
  screenLock: numberSettingsSchema(screenLockControl.settings.numbers),
  agentCheckin: numberSettingsSchema(agentCheckinControl.settings.numbers),
  /** Controls switched off for this organisation (reported as unknown with that reason). */
  disabledControls: z.array(ControlId).default([]),
});
export type PolicySettings = z.infer<typeof PolicySettings>;
export type PolicySettingsInput = z.input<typeof PolicySettings>;

/** The value of one control threshold (POLICY_NUMBER_SETTINGS) in a policy. */
export function policyNumber(policy: PolicySettings, setting: Pick<PolicyNumberSetting, 'group' | 'key'>): number {
  const group = (policy as unknown as Record<string, Record<string, number> | undefined>)[setting.group];
  return group?.[setting.key] ?? Number.NaN;
}

/** The policy with one control threshold changed. */
export function withPolicyNumber(policy: PolicySettings, setting: Pick<PolicyNumberSetting, 'group' | 'key'>, value: number): PolicySettings {
  const group = (policy as unknown as Record<string, Record<string, number> | undefined>)[setting.group];
  return { ...policy, [setting.group]: { ...group, [setting.key]: value } };
}

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
