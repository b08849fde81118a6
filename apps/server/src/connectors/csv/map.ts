import { CATALOGUE } from '@safefleet/policy';
import { DeviceKind, MobileRecord } from '@safefleet/protocol';
import type { ColumnSet, Field } from './columns.js';

/** A row that could not be imported, in words, by its line in the file. */
export interface RowError {
  line: number;
  message: string;
}

const TRUE = new Set(['true', 'yes', 'y', '1', 'on', 'enabled', 'present', 'encrypted']);
const FALSE = new Set(['false', 'no', 'n', '0', 'off', 'disabled', 'not present', 'notpresent', 'not encrypted', 'none']);

function bool(field: string, v: string): boolean | null {
  const s = v.trim().toLowerCase();
  if (s === '' || s === 'unknown') return null;
  if (TRUE.has(s)) return true;
  if (FALSE.has(s)) return false;
  throw new Error(`${field} '${v}' is not yes or no (true/false, yes/no or 1/0)`);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** ISO 8601 date or date-time (no zone = UTC) → ISO timestamp; throws with the field named. */
function isoDate(field: string, v: string): string | null {
  const s = v.trim();
  if (s === '') return null;
  if (!ISO_DATE.test(s) && !ISO_DATE_TIME.test(s)) {
    throw new Error(`${field} '${v}' is not an ISO 8601 date (e.g. 2026-11-30 or 2026-11-30T10:00:00Z)`);
  }
  const withZone = ISO_DATE.test(s) ? `${s}T00:00:00Z` : /(Z|[+-]\d{2}:?\d{2})$/.test(s) ? s.replace(' ', 'T') : `${s.replace(' ', 'T')}Z`;
  const d = new Date(withZone);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s.slice(0, 10)) throw new Error(`${field} '${v}' is not a real date`);
  return d.toISOString();
}

function platformOf(v: string, model: string | null): MobileRecord['platform'] {
  const s = v.trim().toLowerCase();
  if (s.startsWith('android')) return 'android';
  if (s === 'ipados' || s.includes('ipad') || (s.includes('ios') && (model ?? '').toLowerCase().includes('ipad'))) return 'ipados';
  if (s === 'ios' || s === 'iphone' || s.includes('ios')) return 'ios';
  throw new Error(
    `platform '${v}' is not a tablet or phone platform (android, ipados or ios); laptops and desktops are checked by the Safefleet agent`,
  );
}

/** Catalogue names for package / bundle ids, so reasons and the console show "WhatsApp", not only "com.whatsapp". */
function appName(id: string): string {
  const low = id.toLowerCase();
  const entry = CATALOGUE.find((e) => [...(e.identifiers.android ?? []), ...(e.identifiers.ios ?? [])].some((x) => x.toLowerCase() === low));
  return entry?.name ?? id;
}

/** One data row → MobileRecord, or an Error whose message names the field. Pure. */
export function mapRow(set: ColumnSet, index: Partial<Record<Field, number>>, cells: string[]): MobileRecord {
  const get = (f: Field): string => {
    const i = index[f];
    return i === undefined ? '' : (cells[i] ?? '').trim();
  };
  const serial = get('serial');
  if (!serial) throw new Error('serial is empty');
  const name = get('name') || serial;
  const model = get('model') || null;
  const platform = platformOf(get('platform') || (set.id === 'jamf' ? 'ios' : ''), model);
  let kind: DeviceKind;
  if (get('kind')) {
    const k = DeviceKind.safeParse(get('kind').toLowerCase());
    if (!k.success) throw new Error(`kind '${get('kind')}' is not laptop, desktop, tablet or phone`);
    if (k.data === 'laptop' || k.data === 'desktop')
      throw new Error(`kind '${k.data}': laptops and desktops are checked by the Safefleet agent, not imported`);
    kind = k.data;
  } else {
    kind = platform === 'ipados' || /ipad|tab/i.test(`${model ?? ''} ${name}`) ? 'tablet' : 'phone';
  }
  const patch = isoDate('securityPatch', get('securityPatch'));
  const appsCell = get('apps');
  const jailbroken = get('compromised');
  const record = {
    serial,
    name,
    kind,
    platform,
    osVersion: get('osVersion') || null,
    securityPatch: patch ? patch.slice(0, 10) : null,
    model,
    encrypted: bool('encrypted', get('encrypted')),
    passcode: bool('passcode', get('passcode')),
    apps:
      index.apps === undefined
        ? null
        : appsCell
            .split(';')
            .map((s) => s.trim())
            .filter(Boolean)
            .map((id) => ({ id, name: appName(id) })),
    compromised: jailbroken ? bool('Jailbroken', jailbroken) : null,
    ...(jailbroken ? { compromisedDetail: `Jailbroken: ${jailbroken}` } : {}),
    keeperEmail: get('keeperEmail') || null,
    keeperName: get('keeperName') || null,
    lastSync: isoDate('lastSync', get('lastSync')),
    passcodeChangedAt: null,
  };
  const parsed = MobileRecord.safeParse(record);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return parsed.data;
}
