import { describe, expect, it } from 'vitest';
import { CONTROL_IDS, type DeviceSummary, type FindingStatus } from '@safefleet/protocol';
import {
  applyFilter,
  DEFAULT_SORT,
  DEVICE_COLUMNS,
  devicesCsvRows,
  filterFromQuery,
  filterOptions,
  NO_KEEPER,
  queryFromFilter,
  sortDevices,
  upsertDevice,
} from './devices';

function device(id: string, over: Partial<DeviceSummary> = {}, results: Partial<Record<string, FindingStatus>> = {}): DeviceSummary {
  return {
    id,
    hostname: id,
    platform: 'linux',
    keeper: null,
    status: 'compliant',
    lastSeenAt: '2026-11-20T10:00:00.000Z',
    findings: CONTROL_IDS.map((c) => ({ control: c, status: results[c] ?? 'pass', reason: 'r' })),
    kind: 'laptop',
    source: { type: 'agent' },
    assurance: 'Checked by the Safefleet agent',
    serial: null,
    ...over,
  };
}

const fleet: DeviceSummary[] = [
  device(
    'alpha',
    { keeper: { name: 'Priya Shah', email: 'priya@example.org', role: 'Social media officer' }, platform: 'darwin', status: 'noncompliant' },
    { 'social-apps': 'fail' },
  ),
  device(
    'bravo',
    { keeper: { name: 'Tom Reid', email: 'tom@example.org', role: 'Youth worker' }, platform: 'win32', status: 'grace' },
    { 'password-age': 'grace' },
  ),
  device('charlie', { status: 'stale', lastSeenAt: '2026-11-01T10:00:00.000Z' }, { 'agent-checkin': 'fail' }),
  device('delta', { keeper: { name: 'Ana Costa', email: 'ana@example.org', role: ' youth WORKER ' }, platform: 'win32' }),
  device('echo', { status: 'notEvaluated', lastSeenAt: null, findings: [] }),
];
const ids = (list: DeviceSummary[]) => list.map((d) => d.id);

describe('applyFilter', () => {
  it('filters by status, failing control, keeper, role (ignoring case and spaces) and platform', () => {
    expect(ids(applyFilter(fleet, { status: 'grace' }))).toEqual(['bravo']);
    expect(ids(applyFilter(fleet, { control: 'social-apps' }))).toEqual(['alpha']);
    expect(ids(applyFilter(fleet, { control: 'password-age' }))).toEqual([]); // grace is not failing
    expect(ids(applyFilter(fleet, { keeper: 'Tom Reid' }))).toEqual(['bravo']);
    expect(ids(applyFilter(fleet, { keeper: NO_KEEPER }))).toEqual(['charlie', 'echo']);
    expect(ids(applyFilter(fleet, { role: 'Youth Worker' }))).toEqual(['bravo', 'delta']);
    expect(ids(applyFilter(fleet, { platform: 'win32' }))).toEqual(['bravo', 'delta']);
  });

  it('searches hostname, keeper name, email and role', () => {
    expect(ids(applyFilter(fleet, { q: 'CHAR' }))).toEqual(['charlie']);
    expect(ids(applyFilter(fleet, { q: 'ana@' }))).toEqual(['delta']);
    expect(ids(applyFilter(fleet, { q: 'media' }))).toEqual(['alpha']);
    expect(ids(applyFilter(fleet, { q: '  ' }))).toHaveLength(fleet.length);
  });

  it('combines filters with AND', () => {
    expect(ids(applyFilter(fleet, { platform: 'win32', status: 'compliant' }))).toEqual(['delta']);
  });
});

describe('sortDevices', () => {
  it('puts what needs attention first by default, hostname breaking ties', () => {
    expect(ids(sortDevices(fleet, DEFAULT_SORT))).toEqual(['alpha', 'charlie', 'bravo', 'echo', 'delta']);
  });

  it('sorts by hostname, keeper (no keeper last), last seen and a control, both ways', () => {
    expect(ids(sortDevices(fleet, { key: 'hostname', dir: 'desc' }))).toEqual(['echo', 'delta', 'charlie', 'bravo', 'alpha']);
    expect(ids(sortDevices(fleet, { key: 'keeper', dir: 'asc' }))).toEqual(['delta', 'alpha', 'bravo', 'charlie', 'echo']);
    expect(ids(sortDevices(fleet, { key: 'lastSeen', dir: 'desc' }))[0]).toBe('alpha');
    expect(ids(sortDevices(fleet, { key: 'lastSeen', dir: 'asc' }))[0]).toBe('echo');
    expect(ids(sortDevices(fleet, { key: 'password-age', dir: 'asc' })).slice(0, 1)).toEqual(['bravo']);
    expect(ids(sortDevices(fleet, { key: 'social-apps', dir: 'asc' })).slice(0, 1)).toEqual(['alpha']);
  });

  it('does not change its input', () => {
    const copy = [...fleet];
    sortDevices(fleet, { key: 'hostname', dir: 'desc' });
    expect(fleet).toEqual(copy);
  });
});

describe('query string', () => {
  it('round-trips filter and sort, dropping unknown values', () => {
    const q = queryFromFilter({ status: 'stale', control: 'screen-lock', role: 'Youth worker', q: 'a b' }, { key: 'keeper', dir: 'desc' });
    expect(filterFromQuery(new URLSearchParams(q))).toEqual({
      filter: { status: 'stale', control: 'screen-lock', role: 'Youth worker', q: 'a b' },
      sort: { key: 'keeper', dir: 'desc' },
    });
    expect(filterFromQuery(new URLSearchParams('status=nope&control=x&sort=evil'))).toEqual({ filter: {}, sort: DEFAULT_SORT });
    expect(queryFromFilter({}, DEFAULT_SORT)).toBe('');
  });
});

describe('devicesCsvRows', () => {
  it('has the table’s columns, one per control, and one row per device shown, in order', () => {
    const shown = sortDevices(applyFilter(fleet, { platform: 'win32' }), { key: 'hostname', dir: 'asc' });
    const { header, rows } = devicesCsvRows(shown);
    expect(header).toEqual(DEVICE_COLUMNS.map((c) => c.label));
    expect(header).toHaveLength(6 + CONTROL_IDS.length);
    expect(rows).toEqual([
      [
        'bravo',
        'In grace period',
        'Tom Reid',
        'Youth worker',
        'Windows',
        '2026-11-20T10:00:00.000Z',
        'Pass',
        'Pass',
        'Pass',
        'In grace period',
        'Pass',
        'Pass',
        'Pass',
        'Pass',
      ],
      ['delta', 'Compliant', 'Ana Costa', ' youth WORKER ', 'Windows', '2026-11-20T10:00:00.000Z', ...CONTROL_IDS.map(() => 'Pass')],
    ]);
  });

  it('says "Not checked" for a device that never reported', () => {
    const { rows } = devicesCsvRows([fleet[4]!]);
    expect(rows[0]!.slice(6)).toEqual(CONTROL_IDS.map(() => 'Not checked'));
    expect(rows[0]![5]).toBe('');
  });
});

describe('filterOptions and upsertDevice', () => {
  it('lists distinct keepers, roles and platforms, sorted', () => {
    expect(filterOptions(fleet)).toEqual({
      keepers: ['Ana Costa', 'Priya Shah', 'Tom Reid'],
      roles: [' youth WORKER ', 'Social media officer', 'Youth worker'],
      platforms: ['darwin', 'linux', 'win32'],
    });
  });

  it('replaces a device by id or appends a new one', () => {
    const updated = { ...fleet[0]!, status: 'compliant' as const };
    expect(upsertDevice(fleet, updated)[0]!.status).toBe('compliant');
    expect(upsertDevice(fleet, device('foxtrot'))).toHaveLength(fleet.length + 1);
  });
});
