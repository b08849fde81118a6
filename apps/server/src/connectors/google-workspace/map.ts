import type { MobileRecord } from '@safefleet/protocol';
import type { GoogleMobileDevice } from './schemas.js';

/** Google's securityPatchLevel: epoch milliseconds in a string, or a date; → YYYY-MM-DD. */
export function patchLevel(value: string | undefined): string | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d{10,}$/.test(v)) {
    const n = Number(v);
    if (n <= 0) return null;
    return new Date(n).toISOString().slice(0, 10);
  }
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(v);
  return m ? m[1]! : null;
}

function yesNo(value: string | undefined, yes: RegExp, no: RegExp): boolean | null {
  if (!value) return null;
  if (no.test(value)) return false;
  if (yes.test(value)) return true;
  return null;
}

/**
 * One Directory API mobile device → MobileRecord; null for devices that are not Android or iOS
 * (e.g. Google Sync–only entries without an OS). Pure.
 */
export function mapGoogleDevice(d: GoogleMobileDevice): MobileRecord | null {
  const os = d.os ?? '';
  const type = (d.type ?? '').toUpperCase();
  const isApple = /ios|ipados/i.test(os) || type.includes('IOS');
  const isAndroid = /android/i.test(os) || type.includes('ANDROID');
  if (!isApple && !isAndroid) return null;
  const model = d.model ?? null;
  const platform = isAndroid ? 'android' : /ipad/i.test(`${model ?? ''} ${os}`) ? 'ipados' : 'ios';
  const version = d.releaseVersion || /(\d+(?:\.\d+){0,2})/.exec(os)?.[1] || null;
  const tablet = platform === 'ipados' || /tab|pad/i.test(model ?? '');
  return {
    serial: d.serialNumber?.trim() || null,
    sourceId: d.resourceId,
    name: model ? `${model}${d.name?.[0] ? ` (${d.name[0]})` : ''}` : d.resourceId,
    kind: tablet ? 'tablet' : 'phone',
    platform,
    osVersion: version,
    securityPatch: patchLevel(d.securityPatchLevel),
    model,
    encrypted: yesNo(d.encryptionStatus, /^encrypted/i, /not\s*encrypted|unencrypted|unsupported/i),
    passcode: yesNo(d.devicePasswordStatus, /^on|enabled|set/i, /^off|disabled|not\s*set/i),
    // Google lists apps for Android only (those it can see); absent = not known, never "none".
    apps: isAndroid && d.applications ? d.applications.map((a) => ({ id: a.packageName, name: a.displayName || a.packageName })) : null,
    compromised: yesNo(d.deviceCompromisedStatus, /compromis/i, /no compromise|not compromised/i),
    ...(d.deviceCompromisedStatus ? { compromisedDetail: `compromised status: ${d.deviceCompromisedStatus}` } : {}),
    keeperEmail: d.email?.[0] ?? null,
    keeperName: d.name?.[0] ?? null,
    lastSync: d.lastSync && !Number.isNaN(Date.parse(d.lastSync)) ? new Date(d.lastSync).toISOString() : null,
    passcodeChangedAt: null,
  };
}
