import {
  CONTROL_IDS,
  CONTROLS,
  DEVICE_KIND_LABELS,
  DEVICE_KINDS,
  DEVICE_STATUS_LABELS,
  DEVICE_STATUSES,
  type DeviceSummary,
  SOURCE_TYPE_LABELS,
  SOURCE_TYPES,
} from '@safefleet/protocol';
import { api } from '../api/endpoints';
import { useLiveReload } from '../api/use-live-reload';
import { useResource } from '../api/use-resource';
import { CsvExport } from '../components/CsvExport';
import { Field, Loading, Notice } from '../components/Field';
import { usePageTitle } from '../components/Layout';
import { FindingBadge, StatusBadge } from '../components/StatusBadge';
import { Table, type Column } from '../components/Table';
import {
  applyFilter,
  DEVICE_COLUMNS,
  devicesCsvRows,
  filterFromQuery,
  filterOptions,
  findingOf,
  NO_KEEPER,
  queryFromFilter,
  sortDevices,
  upsertDevice,
  type DeviceFilter,
  type Sort,
  type SortKey,
} from '../lib/devices';
import { formatDateTime, platformLabel, timeAgo, utcDay } from '../lib/format';
import { Link, navigate, useLocation } from '../router';

function cell(key: SortKey, d: DeviceSummary) {
  switch (key) {
    case 'hostname':
      return (
        <>
          <Link to={`/devices/${encodeURIComponent(d.id)}`}>{d.hostname}</Link>
          <div className="muted small">
            {DEVICE_KIND_LABELS[d.kind]} · {platformLabel(d.platform)}
          </div>
          <div className="muted small" data-testid="assurance">
            {d.assurance}
          </div>
        </>
      );
    case 'status':
      return <StatusBadge status={d.status} />;
    case 'keeper':
      return d.keeper?.name ? (
        <>
          {d.keeper.name}
          {d.keeper.role && <div className="muted small">{d.keeper.role}</div>}
        </>
      ) : (
        <span className="muted">No keeper</span>
      );
    case 'role':
      return d.keeper?.role || <span className="muted">—</span>;
    case 'platform':
      return platformLabel(d.platform);
    case 'lastSeen':
      return <span title={formatDateTime(d.lastSeenAt)}>{timeAgo(d.lastSeenAt)}</span>;
    default: {
      const s = findingOf(d, key);
      return s ? <FindingBadge status={s} short /> : <span className="muted">Not checked</span>;
    }
  }
}

/** On narrow screens one column lists the controls not passing, instead of a column per control. */
function problems(d: DeviceSummary) {
  const bad = d.findings.filter((f) => f.status === 'fail' || f.status === 'grace');
  if (bad.length === 0) return <span className="muted">None</span>;
  return (
    <ul className="problems">
      {bad.map((f) => (
        <li key={f.control}>
          <FindingBadge status={f.status} short /> {CONTROLS[f.control].shortTitle}
        </li>
      ))}
    </ul>
  );
}

const label = (key: SortKey) => DEVICE_COLUMNS.find((c) => c.key === key)?.label ?? key;
const col = (key: SortKey, className: string): Column<DeviceSummary, SortKey | 'problems'> => ({
  key,
  label: label(key),
  sortable: true,
  rowHeader: key === 'hostname',
  render: (d) => cell(key, d),
  className,
});

/** Table columns: platform shown under the device name and role under the keeper, so it fits a laptop screen. */
const COLUMNS: Column<DeviceSummary, SortKey | 'problems'>[] = [
  col('hostname', 'col-hostname'),
  col('status', 'col-status'),
  col('keeper', 'col-keeper'),
  col('lastSeen', 'col-lastSeen'),
  { key: 'problems', label: 'Not passing', render: problems, className: 'col-problems' },
  ...CONTROL_IDS.map((c) => col(c, 'col-control')),
];

/** Every device: filter by status, failing control, keeper, role, platform; search; sort; CSV export of what is shown. */
export function DevicesPage() {
  usePageTitle('Devices');
  const { search } = useLocation();
  const { filter, sort } = filterFromQuery(search);
  const devices = useResource(() => api.devices());
  useLiveReload(
    devices.reload,
    (d) => devices.setData((list) => (list ? upsertDevice(list, d) : list)),
    (id) => devices.setData((list) => list?.filter((d) => d.id !== id)),
  );

  const set = (f: DeviceFilter, s: Sort = sort) => navigate(`/devices${queryFromFilter(f, s)}`, { replace: true });
  const all = devices.data ?? [];
  const shown = sortDevices(applyFilter(all, filter), sort);
  const options = filterOptions(all);
  const filtered = Object.values(filter).some(Boolean);

  const select = (label: string, key: keyof DeviceFilter, values: Array<[string, string]>, anyWord: string) => (
    <Field label={label} className="field--inline">
      {(p) => (
        <select {...p} value={filter[key] ?? ''} onChange={(e) => set({ ...filter, [key]: e.target.value || undefined })}>
          <option value="">{anyWord}</option>
          {values.map(([v, text]) => (
            <option key={v} value={v}>
              {text}
            </option>
          ))}
        </select>
      )}
    </Field>
  );

  return (
    <>
      <div className="page-head">
        <h1>Devices</h1>
        <CsvExport filename={`safefleet-devices-${utcDay(new Date())}.csv`} build={() => devicesCsvRows(shown)} />
      </div>
      {/** biome-ignore lint/a11y/useSemanticElements: the search landmark on a form: the <search> element is not yet announced by every screen reader */}
      <form className="filters" role="search" aria-label="Filter devices" onSubmit={(e) => e.preventDefault()}>
        <Field label="Search" className="field--inline field--grow">
          {(p) => (
            <input
              {...p}
              type="search"
              placeholder="Device, keeper or email"
              value={filter.q ?? ''}
              onChange={(e) => set({ ...filter, q: e.target.value || undefined })}
            />
          )}
        </Field>
        {select(
          'Status',
          'status',
          DEVICE_STATUSES.map((s) => [s, DEVICE_STATUS_LABELS[s]]),
          'Any status',
        )}
        {select(
          'Failing control',
          'control',
          CONTROL_IDS.map((c) => [c, CONTROLS[c].title]),
          'Any control',
        )}
        {select('Keeper', 'keeper', [[NO_KEEPER, 'No keeper'], ...options.keepers.map((k): [string, string] => [k, k])], 'Anyone')}
        {select(
          'Keeper role',
          'role',
          options.roles.map((r) => [r, r]),
          'Any role',
        )}
        {select(
          'Platform',
          'platform',
          options.platforms.map((p) => [p, platformLabel(p)]),
          'Any platform',
        )}
        {select(
          'Kind',
          'kind',
          DEVICE_KINDS.map((k) => [k, DEVICE_KIND_LABELS[k]]),
          'Any kind',
        )}
        {select(
          'Source',
          'source',
          SOURCE_TYPES.map((t) => [t, SOURCE_TYPE_LABELS[t]]),
          'Any source',
        )}
        {filtered && (
          <button type="button" className="button button--quiet" onClick={() => set({})}>
            Clear filters
          </button>
        )}
      </form>
      {devices.error && <Notice kind="error">{devices.error}</Notice>}
      {!devices.data && devices.loading && <Loading what="Loading devices" />}
      {devices.data && (
        <>
          <p role="status" className="muted" data-testid="device-count">
            Showing {shown.length} of {all.length} device{all.length === 1 ? '' : 's'}.
          </p>
          <Table
            caption="Devices and their result for each control"
            captionHidden
            columns={COLUMNS}
            rows={shown}
            rowKey={(d) => d.id}
            sort={sort}
            onSort={(s) => s.key !== 'problems' && set(filter, { key: s.key, dir: s.dir })}
            empty={
              all.length === 0 ? (
                <>
                  No devices yet. <Link to="/enrolment">Enrol a device</Link>.
                </>
              ) : (
                'No device matches these filters.'
              )
            }
          />
        </>
      )}
    </>
  );
}
