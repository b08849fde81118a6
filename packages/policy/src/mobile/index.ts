import type { ControlId, Finding } from '@safefleet/protocol';
import { checkSocialApps } from '../controls/social-apps.js';
import type { ControlInput } from '../types.js';
import { checkMobileThreats } from './antivirus.js';
import { checkMobileEncryption } from './disk-encryption.js';
import { checkMobileOsUpdates } from './os-updates.js';
import { checkMobilePasscodeAge } from './password-age.js';
import { checkMobileScreenLock } from './screen-lock.js';

export { checkSourceCheckin, SOURCE_WINDOW_DAYS } from './checkin.js';
export { ANDROID_RELEASES, APPLE_RELEASES, OS_TABLE_DATE } from './os-versions.js';
export { isMobile, MOBILE_PLATFORMS } from './words.js';

/**
 * The rules for tablets and phones (platform android, ios, ipados): same controls, same findings,
 * wording for the device. social-apps is the laptop rule: catalogue match on package / bundle ids.
 */
export const MOBILE_RULES: Record<Exclude<ControlId, 'agent-checkin'>, (input: ControlInput) => Finding> = {
  antivirus: (i) => checkMobileThreats('antivirus', i),
  antispyware: (i) => checkMobileThreats('antispyware', i),
  'os-updates': checkMobileOsUpdates,
  'password-age': checkMobilePasscodeAge,
  'social-apps': checkSocialApps,
  'disk-encryption': checkMobileEncryption,
  'screen-lock': checkMobileScreenLock,
};
