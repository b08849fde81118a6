import { MDM_PROVIDER_LABELS, MOBILE_PLATFORMS, type Facts, type Platform } from '@safefleet/protocol';
import type { DeviceContext } from '../types.js';

export { MOBILE_PLATFORMS };

/** True for a tablet or phone: judged by the rules in this folder. */
export function isMobile(facts: Pick<Facts, 'os'>): boolean {
  return (MOBILE_PLATFORMS as readonly Platform[]).includes(facts.os.platform);
}

export function isApple(platform: Platform): boolean {
  return platform === 'ios' || platform === 'ipados';
}

/** "iPadOS", "iOS", "Android". */
export function osName(platform: Platform): string {
  if (platform === 'ipados') return 'iPadOS';
  if (platform === 'ios') return 'iOS';
  if (platform === 'android') return 'Android';
  return platform;
}

/** Who said so, to start a sentence: "Google Workspace", "The keeper", "The CSV import". */
export function reporter(device: DeviceContext): string {
  const s = device.source;
  if (!s || s.type === 'agent') return 'The device';
  if (s.type === 'keeper') return 'The keeper';
  if (s.provider === 'csv') return 'The CSV import';
  if (s.provider === 'jamf') return 'The Jamf export';
  return MDM_PROVIDER_LABELS[s.provider];
}
