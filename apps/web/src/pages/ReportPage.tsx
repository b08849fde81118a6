import { CONTROL_IDS, CONTROLS, DEVICE_STATUS_LABELS, DEVICE_STATUSES, type DeviceStatus } from '@safefleet/protocol';
import { api } from '../api/endpoints';
import { useResource } from '../api/use-resource';
import { can } from '../lib/permissions';
import { useSession } from '../session';
import { appNames } from '../components/AppPicker';
import { Loading, Notice } from '../components/Field';
import { usePageTitle } from '../components/Layout';
import { FindingBadge, StatusBadge } from '../components/StatusBadge';
import { TrendChart } from '../components/TrendChart';
import { TrusteesReportPanel } from '../components/TrusteesReportPanel';
import { sortDevices } from '../lib/devices';
import { formatDate, platformLabel, quarterLabel, utcDay } from '../lib/format';
import { fleetPercent } from '../lib/trend';

const DAYS = 90;
const LISTED: ReadonlySet<DeviceStatus> = new Set(['noncompliant', 'stale', 'grace']);
/** The quarterly report for trustees: one page to print or save as PDF. */
export function ReportPage() {
  usePageTitle('Report');
  const summary = useResource(() => api.fleetSummary());
  const trend = useResource(() => api.fleetTrend(DAYS));
  const { user } = useSession();
  const readExceptions = can(user, 'read-exceptions');
  const exceptions = useResource(() => (readExceptions ? api.exceptions() : Promise.resolve([])));
  const catalogue = useResource(() => api.catalogue());
  const devices = useResource(() => api.devices());
  const now = new Date();
  const error = summary.error ?? trend.error ?? exceptions.error ?? catalogue.error ?? devices.error;
  const ready = summary.data && trend.data && exceptions.data && catalogue.data && devices.data;

  if (!ready) return error ? <Notice kind="error">{error}</Notice> : <Loading what="Preparing the report" />;
  const s = summary.data!;
  const pct = fleetPercent(s);
  const open = exceptions.data!.filter((e) => e.state === 'active');
  const listed = sortDevices(
    devices.data!.filter((d) => LISTED.has(d.status)),
    { key: 'status', dir: 'asc' },
  );

  return (
    <article className="report">
      <TrusteesReportPanel />
      <div className="page-head no-print">
        <p className="muted">This page is laid out for printing. Use your browser’s Print, then “Save as PDF”, to send it to trustees.</p>
        <button type="button" className="button button--primary" onClick={() => window.print()}>
          Print or save as PDF
        </button>
      </div>
      <header className="report__head">
        <h1>Device safety report</h1>
        <p>
          {quarterLabel(now)} · prepared {formatDate(now.toISOString())} by Safefleet, against the CAUK online-safety policy
        </p>
      </header>

      <section aria-labelledby="r-status">
        <h2 id="r-status">Fleet status</h2>
        <p className="report__big">
          <strong>{pct === null ? 'No devices enrolled' : `${pct}% of devices are compliant`}</strong>
          {s.total > 0 && ` — ${s.byStatus.compliant} of ${s.total} meet every control today.`}
        </p>
        <table className="data data--compact">
          <caption className="visually-hidden">Devices by status</caption>
          <thead>
            <tr>
              {DEVICE_STATUSES.map((st) => (
                <th key={st} scope="col">
                  {DEVICE_STATUS_LABELS[st]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              {DEVICE_STATUSES.map((st) => (
                <td key={st}>{s.byStatus[st]}</td>
              ))}
            </tr>
          </tbody>
        </table>
      </section>

      <section aria-labelledby="r-controls">
        <h2 id="r-controls">Each control</h2>
        <table className="data data--compact">
          <thead>
            <tr>
              <th scope="col">Control</th>
              <th scope="col">Pass</th>
              <th scope="col">In grace period</th>
              <th scope="col">Fail</th>
              <th scope="col">Unknown</th>
            </tr>
          </thead>
          <tbody>
            {CONTROL_IDS.map((c) => (
              <tr key={c}>
                <th scope="row">{CONTROLS[c].title}</th>
                <td>{s.byControl[c].pass}</td>
                <td>{s.byControl[c].grace}</td>
                <td>{s.byControl[c].fail}</td>
                <td>{s.byControl[c].unknown}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="r-trend" className="report__trend">
        <h2 id="r-trend">Last {DAYS} days</h2>
        <TrendChart points={trend.data!} days={DAYS} endDay={utcDay(now)} />
      </section>

      <section aria-labelledby="r-exceptions">
        <h2 id="r-exceptions">Exceptions in force</h2>
        {!readExceptions ? (
          <p>Exceptions name apps and people, so they are shown to the DSL and the IT lead only.</p>
        ) : open.length === 0 ? (
          <p>No exceptions are in force: no social media or messaging apps are allowed on any device.</p>
        ) : (
          <table className="data data--compact">
            <thead>
              <tr>
                <th scope="col">Apps allowed</th>
                <th scope="col">For</th>
                <th scope="col">Approved by</th>
                <th scope="col">Ends</th>
                <th scope="col">Risk assessment</th>
              </tr>
            </thead>
            <tbody>
              {open.map((e) => (
                <tr key={e.id}>
                  <th scope="row">{appNames(e.appIds, catalogue.data!)}</th>
                  <td>{e.scope.kind === 'role' ? `Keeper role “${e.scope.role}”` : `Device ${e.deviceHostname ?? e.scope.deviceId}`}</td>
                  <td>
                    {e.approvedBy}, {formatDate(e.createdAt)}
                  </td>
                  <td>{formatDate(e.expiresAt)}</td>
                  <td className="prewrap">{e.riskAssessment}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="r-devices">
        <h2 id="r-devices">Devices not compliant</h2>
        {listed.length === 0 ? (
          <p>Every device is compliant or has not been checked yet.</p>
        ) : (
          <ul className="report__devices">
            {listed.map((d) => (
              <li key={d.id}>
                <h3>
                  {d.hostname} <StatusBadge status={d.status} />
                </h3>
                <p className="muted small">
                  {d.keeper?.name ? `Keeper: ${d.keeper.name}${d.keeper.role ? ` (${d.keeper.role})` : ''} · ` : ''}
                  {platformLabel(d.platform)} · last seen {formatDate(d.lastSeenAt)}
                </p>
                <ul>
                  {d.findings
                    .filter((f) => f.status === 'fail' || f.status === 'grace')
                    .map((f) => (
                      <li key={f.control}>
                        <FindingBadge status={f.status} /> <strong>{CONTROLS[f.control].title}:</strong> {f.reason}
                      </li>
                    ))}
                </ul>
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}
