import {
  CONTROL_IDS,
  CONTROLS,
  DEVICE_KIND_LABELS,
  DEVICE_KINDS,
  DEVICE_STATUSES,
  type DeviceStatus,
  type DeviceSummary,
  SOURCE_TYPE_LABELS,
  SOURCE_TYPES,
} from '@safefleet/protocol';
import { api } from '../api/endpoints';
import { useLiveReload } from '../api/use-live-reload';
import { useResource } from '../api/use-resource';
import { ControlBar } from '../components/ControlBar';
import { Loading, Notice } from '../components/Field';
import { usePageTitle } from '../components/Layout';
import { OpenAlertsPanel } from '../components/OpenAlertsPanel';
import { StatusBadge } from '../components/StatusBadge';
import { TrendChart } from '../components/TrendChart';
import { sortDevices, upsertDevice } from '../lib/devices';
import { timeAgo, utcDay } from '../lib/format';
import { fleetPercent } from '../lib/trend';
import { Link } from '../router';

const TREND_DAYS = 90;
const ATTENTION: ReadonlySet<DeviceStatus> = new Set(['noncompliant', 'stale', 'grace']);

/** Devices by kind and by source (how sure the console is), each a link to the device list filtered by it. */
function KindsAndSources({ devices }: { devices: readonly DeviceSummary[] }) {
  const kinds = DEVICE_KINDS.map((k) => [k, devices.filter((d) => d.kind === k).length] as const).filter(([, n]) => n > 0);
  const sources = SOURCE_TYPES.map((t) => [t, devices.filter((d) => d.source.type === t).length] as const).filter(([, n]) => n > 0);
  // A fleet of agent-checked laptops only has nothing to tell apart.
  if (devices.every((d) => d.kind === 'laptop' && d.source.type === 'agent')) return null;
  return (
    <section aria-labelledby="kinds-title" data-testid="kinds-sources">
      <h2 id="kinds-title">Kinds and sources</h2>
      <ul className="kind-source">
        {kinds.map(([k, n]) => (
          <li key={k}>
            <Link to={`/devices?kind=${k}`}>
              {DEVICE_KIND_LABELS[k]}: {n}
            </Link>
          </li>
        ))}
        {sources.map(([t, n]) => (
          <li key={t}>
            <Link to={`/devices?source=${t}`}>
              {SOURCE_TYPE_LABELS[t]}: {n}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Fleet at a glance: % compliant, counts per status, a bar per control, 90-day trend, devices needing attention. */
export function OverviewPage() {
  usePageTitle('Overview');
  const summary = useResource(() => api.fleetSummary());
  const trend = useResource(() => api.fleetTrend(TREND_DAYS));
  const devices = useResource(() => api.devices());
  useLiveReload(
    () => {
      summary.reload();
      trend.reload();
      devices.reload();
    },
    (d) => devices.setData((list) => (list ? upsertDevice(list, d) : list)),
    (id) => devices.setData((list) => list?.filter((d) => d.id !== id)),
  );

  const s = summary.data;
  const pct = s ? fleetPercent(s) : null;
  const attention = sortDevices(
    (devices.data ?? []).filter((d) => ATTENTION.has(d.status)),
    { key: 'status', dir: 'asc' },
  );

  return (
    <>
      <h1>Overview</h1>
      {summary.error && <Notice kind="error">{summary.error}</Notice>}
      {!s && summary.loading && <Loading />}
      {s && (
        <>
          <section className="headline" aria-labelledby="headline-title">
            <h2 id="headline-title" className="visually-hidden">
              Fleet compliance
            </h2>
            <p className="headline__pct">
              <span className="headline__number" data-testid="compliance-percent">
                {pct === null ? '—' : `${pct}%`}
              </span>{' '}
              compliant
            </p>
            <p className="muted">
              {s.total === 0 ? (
                <>
                  No devices yet. <Link to="/enrolment">Enrol the first device</Link>.
                </>
              ) : (
                `${s.byStatus.compliant} of ${s.total} device${s.total === 1 ? '' : 's'} meet every control.`
              )}
            </p>
          </section>
          <section aria-labelledby="status-title">
            <h2 id="status-title">Devices by status</h2>
            <ul className="status-cards">
              {DEVICE_STATUSES.map((st) => (
                <li key={st}>
                  <Link to={`/devices?status=${st}`} className={`status-card status-card--${st}`}>
                    <span className="status-card__count">{s.byStatus[st]}</span>
                    <StatusBadge status={st} />
                  </Link>
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
      {devices.data && <KindsAndSources devices={devices.data} />}
      <OpenAlertsPanel />
      <div className="columns">
        {s && (
          <section aria-labelledby="controls-title" className="card">
            <h2 id="controls-title">Controls</h2>
            <p className="muted">How many devices pass each part of the policy. Follow a “fail” count to see those devices.</p>
            {CONTROL_IDS.map((c) => (
              <ControlBar key={c} control={c} counts={s.byControl[c]} />
            ))}
          </section>
        )}
        <section aria-labelledby="trend-title" className="card">
          <h2 id="trend-title">Last {TREND_DAYS} days</h2>
          {trend.error && <Notice kind="error">{trend.error}</Notice>}
          {trend.data && <TrendChart points={trend.data} days={TREND_DAYS} endDay={utcDay(new Date())} />}
        </section>
      </div>
      <section aria-labelledby="attention-title">
        <h2 id="attention-title">Needs attention</h2>
        {devices.error && <Notice kind="error">{devices.error}</Notice>}
        {devices.data && attention.length === 0 && <p>Nothing needs attention right now.</p>}
        {attention.length > 0 && (
          <ul className="attention">
            {attention.slice(0, 8).map((d) => (
              <li key={d.id}>
                <Link to={`/devices/${encodeURIComponent(d.id)}`} className="attention__name">
                  {d.hostname}
                </Link>{' '}
                <StatusBadge status={d.status} />
                <span className="muted">
                  {' '}
                  {d.keeper?.name ? `${d.keeper.name} · ` : ''}
                  {d.findings
                    .filter((f) => f.status === 'fail' || f.status === 'grace')
                    .map((f) => CONTROLS[f.control].shortTitle)
                    .join(', ')}{' '}
                  · seen {timeAgo(d.lastSeenAt)}
                </span>
              </li>
            ))}
          </ul>
        )}
        {attention.length > 8 && <Link to="/devices">See all {attention.length} devices needing attention</Link>}
      </section>
    </>
  );
}
