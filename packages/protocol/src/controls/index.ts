import type { z } from 'zod';
import type { ControlId } from '../control-ids.js';
import { agentCheckinControl } from './agent-checkin.js';
import { antispywareControl } from './antispyware.js';
import { antivirusControl } from './antivirus.js';
import type { NumberSetting } from './control.js';
import { diskEncryptionControl } from './disk-encryption.js';
import { osUpdatesControl } from './os-updates.js';
import { passwordAgeControl } from './password-age.js';
import { screenLockControl } from './screen-lock.js';
import { socialAppsControl } from './social-apps.js';

export * from './agent-checkin.js';
export * from './antispyware.js';
export * from './antivirus.js';
export * from './control.js';
export * from './disk-encryption.js';
export * from './os-updates.js';
export * from './password-age.js';
export * from './screen-lock.js';
export * from './social-apps.js';

/** Every control, in the order the console lists them (CONTROL_IDS). One module per control. */
export const CONTROL_LIST = [
  antivirusControl,
  antispywareControl,
  osUpdatesControl,
  passwordAgeControl,
  socialAppsControl,
  diskEncryptionControl,
  screenLockControl,
  agentCheckinControl,
] as const;

type AnyControl = (typeof CONTROL_LIST)[number];
// Every ControlId has exactly one module, and every module's id is a ControlId (compile-time checks).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const everyIdHasAControl: Same<AnyControl['id'], ControlId> = true;
void everyIdHasAControl;

/** The control with this id. */
export type ControlOf<Id extends ControlId> = Extract<AnyControl, { id: Id }>;
export const CONTROLS = Object.fromEntries(CONTROL_LIST.map((c) => [c.id, c])) as { [Id in ControlId]: ControlOf<Id> };

/** Finding.details of one control, as its rule writes it. */
export type ControlDetails<Id extends ControlId> = z.infer<ControlOf<Id>['details']>;

export function controlTitle(id: ControlId): string {
  return CONTROLS[id].title;
}

/** One whole-number threshold of one control, with where it lives in PolicySettings. */
export interface PolicyNumberSetting extends NumberSetting {
  control: ControlId;
  /** PolicySettings[group][key]. */
  group: string;
  key: string;
}

/** Every whole-number threshold of every control, in control order (the Policy page's fields). */
export const POLICY_NUMBER_SETTINGS: PolicyNumberSetting[] = CONTROL_LIST.flatMap((c) =>
  c.settings ? Object.entries(c.settings.numbers).map(([key, s]) => ({ ...s, control: c.id, group: c.settings.group, key })) : [],
);
