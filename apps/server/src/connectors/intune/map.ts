import { CATALOGUE } from '@safefleet/policy';
import type { MobileRecord } from '@safefleet/protocol';
import type { GraphManagedDevice } from './schemas.js';

const THREAT_BAD = /compromised|high|medium|low|severity|misconfigured/i;
const THREAT_OK = /secured|deactivated/i;

/**
 * Intune's detectedApp has a name but no package or bundle id. A name that is itself an id
 * (com.whatsapp) is used as it is; a name equal to a catalogue entry's name ("WhatsApp") is given
 * that entry's id for the platform, so the catalogue still matches. Other names stay names.
 */
export function appIdFor(displayName: string, platform: MobileRecord['platform']): string {
  const name = displayName.trim();
  if (/^[a-z][\w-]*(\.[\w-]+)+$/i.test(name)) return name;
  const entry = CATALOGUE.find((e) => e.name.toLowerCase() === name.toLowerCase());
  const ids = platform === 'android' ? entry?.identifiers.android : entry?.identifiers.ios;
  return ids?.[0] ?? name;
}

function jailbroken(d: GraphManagedDevice): { compromised: boolean | null; detail?: string } {
  const jb = (d.jailBroken ?? '').trim();
  const threat = (d.partnerReportedThreatState ?? '').trim();
  const detail = [jb ? `jailBroken: ${jb}` : '', threat ? `threat state: ${threat}` : ''].filter(Boolean).join(', ') || undefined;
  if (/^true$/i.test(jb) || THREAT_BAD.test(threat)) return { compromised: true, ...(detail ? { detail } : {}) };
  if (/^false$/i.test(jb) || THREAT_OK.test(threat)) return { compromised: false, ...(detail ? { detail } : {}) };
  return { compromised: null, ...(detail ? { detail } : {}) };
}

/** One Graph managedDevice (with detectedApps) → MobileRecord; null for Windows/macOS (the agent's). Pure. */
export function mapIntuneDevice(d: GraphManagedDevice): MobileRecord | null {
  const os = d.operatingSystem ?? '';
  const model = d.model ?? null;
  let platform: MobileRecord['platform'];
  if (/android/i.test(os)) platform = 'android';
  else if (/ipados/i.test(os) || (/ios/i.test(os) && /ipad/i.test(model ?? ''))) platform = 'ipados';
  else if (/ios/i.test(os)) platform = 'ios';
  else return null;
  const threat = jailbroken(d);
  const patch =
    d.androidSecurityPatchLevel && /^\d{4}-\d{2}-\d{2}/.test(d.androidSecurityPatchLevel) ? d.androidSecurityPatchLevel.slice(0, 10) : null;
  const lastSync =
    d.lastSyncDateTime && !Number.isNaN(Date.parse(d.lastSyncDateTime)) && !d.lastSyncDateTime.startsWith('0001')
      ? new Date(d.lastSyncDateTime).toISOString()
      : null;
  return {
    serial: d.serialNumber?.trim() || null,
    sourceId: d.id,
    name: d.deviceName || model || d.id,
    kind: platform === 'ipados' || /tab|pad/i.test(model ?? '') ? 'tablet' : 'phone',
    platform,
    osVersion: d.osVersion || null,
    securityPatch: patch,
    model,
    encrypted: d.isEncrypted ?? null,
    // Graph's managedDevice does not say whether a passcode is set.
    passcode: null,
    apps: d.detectedApps
      ? d.detectedApps.filter((a) => a.displayName).map((a) => ({ id: appIdFor(a.displayName!, platform), name: a.displayName! }))
      : null,
    compromised: threat.compromised,
    ...(threat.detail ? { compromisedDetail: threat.detail } : {}),
    keeperEmail: d.userPrincipalName || d.emailAddress || null,
    keeperName: d.userDisplayName || null,
    lastSync,
    passcodeChangedAt: null,
  };
}
