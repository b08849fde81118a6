import {
  CONTROL_IDS,
  CONTROLS,
  DEVICE_STATUS_LABELS,
  DEVICE_STATUSES,
  type ControlId,
  type DeviceStatus,
  type DeviceSummary,
  type FindingStatus,
} from '@safefleet/protocol';
import { FINDING_LABELS, isControlId } from './controls';
import { platformLabel } from './format';

/** What the devices table is filtered by; every field optional. Kept in the page's query string. */
export interface DeviceFilter {
  status?: DeviceStatus;
  /** Devices where this control fails. */
  control?: ControlId;
  /** Keeper name; NO_KEEPER for devices without one. */
  keeper?: string;
  role?: string;
  platform?: string;
  /** laptop | desktop | tablet | phone */
  kind?: string;
  /** agent | mdm | keeper: where the device's facts come from. */
  source?: string;
  /** Free text: hostname, keeper name, email or role. */
  q?: string;
}
export const NO_KEEPER = '(none)';

export type SortKey = 'hostname' | 'status' | 'keeper' | 'role' | 'platform' | 'lastSeen' | ControlId;
export interface Sort {
  key: SortKey;
  dir: 'asc' | 'desc';
}
export const DEFAULT_SORT: Sort = { key: 'status', dir: 'asc' };

/** Worst first: what needs attention sorts to the top. */
const STATUS_RANK: Record<DeviceStatus, number> = { noncompliant: 0, stale: 1, grace: 2, notEvaluated: 3, compliant: 4 };
const FINDING_RANK: Record<FindingStatus | 'none', number> = { fail: 0, grace: 1, unknown: 2, pass: 3, none: 4 };

const SORT_KEYS: readonly string[] = ['hostname', 'status', 'keeper', 'role', 'platform', 'lastSeen', ...CONTROL_IDS];

export function filterFromQuery(params: URLSearchParams): { filter: DeviceFilter; sort: Sort } {
  const filter: DeviceFilter = {};
  const status = params.get('status');
  if (status && (DEVICE_STATUSES as readonly string[]).includes(status)) filter.status = status as DeviceStatus;
  const control = params.get('control');
  if (control && isControlId(control)) filter.control = control;
  for (const k of ['keeper', 'role', 'platform', 'kind', 'source', 'q'] as const) {
    const v = params.get(k);
    if (v) filter[k] = v;
  }
  const key = params.get('sort');
  const sort: Sort = key && SORT_KEYS.includes(key) ? { key: key as SortKey, dir: params.get('dir') === 'desc' ? 'desc' : 'asc' } : DEFAULT_SORT;
  return { filter, sort };
}

export function queryFromFilter(filter: DeviceFilter, sort: Sort): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(filter)) if (v) p.set(k, v);
  if (sort.key !== DEFAULT_SORT.key || sort.dir !== DEFAULT_SORT.dir) {
    p.set('sort', sort.key);
    p.set('dir', sort.dir);
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

export function findingOf(d: DeviceSummary, control: ControlId): FindingStatus | undefined {
  return d.findings.find((f) => f.control === control)?.status;
}

export function applyFilter(devices: readonly DeviceSummary[], f: DeviceFilter): DeviceSummary[] {
  const q = f.q?.trim().toLowerCase();
  return devices.filter((d) => {
    if (f.status && d.status !== f.status) return false;
    if (f.control && findingOf(d, f.control) !== 'fail') return false;
    if (f.keeper && (f.keeper === NO_KEEPER ? d.keeper !== null : d.keeper?.name !== f.keeper)) return false;
    if (f.role && (d.keeper?.role ?? '').trim().toLowerCase() !== f.role.trim().toLowerCase()) return false;
    if (f.platform && d.platform !== f.platform) return false;
    if (f.kind && d.kind !== f.kind) return false;
    if (f.source && d.source.type !== f.source) return false;
    if (q) {
      const hay = [d.hostname, d.keeper?.name, d.keeper?.email, d.keeper?.role].join(' ').toLowerCase();
      if (!hay.includes(q)) return false;
    }
    return true;
  });
}

function compareBy(key: SortKey): (a: DeviceSummary, b: DeviceSummary) => number {
  const text = (get: (d: DeviceSummary) => string) => (a: DeviceSummary, b: DeviceSummary) =>
    get(a).localeCompare(get(b), 'en-GB', { sensitivity: 'base', numeric: true });
  switch (key) {
    case 'hostname':
      return text((d) => d.hostname);
    case 'status':
      return (a, b) => STATUS_RANK[a.status] - STATUS_RANK[b.status];
    case 'keeper':
      return text((d) => d.keeper?.name ?? '\uffff');
    case 'role':
      return text((d) => d.keeper?.role || '\uffff');
    case 'platform':
      return text((d) => platformLabel(d.platform));
    case 'lastSeen':
      return (a, b) => (a.lastSeenAt ?? '').localeCompare(b.lastSeenAt ?? '');
    default:
      return (a, b) => FINDING_RANK[findingOf(a, key) ?? 'none'] - FINDING_RANK[findingOf(b, key) ?? 'none'];
  }
}

/** Stable sort by the key, hostname breaking ties (always ascending, so the order is predictable). */
export function sortDevices(devices: readonly DeviceSummary[], sort: Sort): DeviceSummary[] {
  const cmp = compareBy(sort.key);
  const byName = compareBy('hostname');
  const sign = sort.dir === 'desc' ? -1 : 1;
  return devices
    .map((d, i) => ({ d, i }))
    .sort((x, y) => sign * cmp(x.d, y.d) || byName(x.d, y.d) || x.i - y.i)
    .map((x) => x.d);
}

/** Distinct values for the filter menus. */
export function filterOptions(devices: readonly DeviceSummary[]) {
  const uniq = (xs: string[]) => [...new Set(xs.filter((x) => x.trim() !== ''))].sort((a, b) => a.localeCompare(b, 'en-GB'));
  return {
    keepers: uniq(devices.map((d) => d.keeper?.name ?? '')),
    roles: uniq(devices.map((d) => d.keeper?.role ?? '')),
    platforms: uniq(devices.map((d) => d.platform)),
  };
}

/** The devices table's columns, in order; the CSV export has exactly these. */
export const DEVICE_COLUMNS: ReadonlyArray<{ key: SortKey; label: string }> = [
  { key: 'hostname', label: 'Device' },
  { key: 'status', label: 'Status' },
  { key: 'keeper', label: 'Keeper' },
  { key: 'role', label: 'Keeper role' },
  { key: 'platform', label: 'Platform' },
  { key: 'lastSeen', label: 'Last seen' },
  ...CONTROL_IDS.map((c) => ({ key: c, label: CONTROLS[c].shortTitle })),
];

/** One CSV row per device shown, one column per control (result word); last seen as ISO time. */
export function devicesCsvRows(devices: readonly DeviceSummary[]): { header: string[]; rows: string[][] } {
  return {
    header: DEVICE_COLUMNS.map((c) => c.label),
    rows: devices.map((d) => [
      d.hostname,
      DEVICE_STATUS_LABELS[d.status],
      d.keeper?.name ?? '',
      d.keeper?.role ?? '',
      platformLabel(d.platform),
      d.lastSeenAt ?? '',
      ...CONTROL_IDS.map((c) => {
        const s = findingOf(d, c);
        return s ? FINDING_LABELS[s] : 'Not checked';
      }),
    ]),
  };
}

/** Applies a live update to a list: replace the device with the same id, or add it. */
export function upsertDevice(list: readonly DeviceSummary[], device: DeviceSummary): DeviceSummary[] {
  const i = list.findIndex((d) => d.id === device.id);
  if (i === -1) return [...list, device];
  const next = [...list];
  next[i] = device;
  return next;
}
