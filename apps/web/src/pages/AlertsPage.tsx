import { useCallback, useEffect, useRef, useState } from 'react';
import type { Alert, Delivery } from '@safefleet/protocol';
import { api } from '../api/endpoints';
import type { LiveEvent } from '../api/live';
import { useDeliveries } from '../api/use-deliveries';
import { useResource } from '../api/use-resource';
import { AlertCard } from '../components/AlertCard';
import { Field, Loading, Notice } from '../components/Field';
import { usePageTitle } from '../components/Layout';
import { applyResolvedEvent, sentTo } from '../lib/alerts';
import { can } from '../lib/permissions';
import { Link, navigate, useLocation } from '../router';
import { useLiveEvents, useOpenAlerts, useSession } from '../session';

type Show = 'all' | 'safeguarding' | 'technical';
const SHOW_WORDS: Record<Show, string> = { all: 'All alerts', safeguarding: 'Safeguarding alerts only', technical: 'Technical alerts only' };
const RESOLVED_MAX = 20;
/** Open alerts shown per page; the count above the list is always the full number. */
const PAGE_SIZE = 50;

function AlertList({
  alerts,
  deliveries,
  showConcern,
  fresh,
  empty,
}: {
  alerts: Alert[];
  deliveries: Delivery[] | undefined;
  showConcern: boolean;
  fresh?: Set<string>;
  empty: string;
}) {
  if (alerts.length === 0) return <p className="empty-note">{empty}</p>;
  return (
    <ul className="alerts">
      {alerts.map((a) => (
        <li key={a.id}>
          <AlertCard alert={a} sent={deliveries ? sentTo(a.id, deliveries) : undefined} showConcern={showConcern} isNew={fresh?.has(a.id) ?? false} />
        </li>
      ))}
    </ul>
  );
}

/** The live alerts feed: open alerts (updated as they open and resolve, without reloading) and recently resolved ones. */
export function AlertsPage() {
  usePageTitle('Alerts');
  const { user } = useSession();
  const { search } = useLocation();
  const show: Show = search.get('show') === 'safeguarding' || search.get('show') === 'technical' ? (search.get('show') as Show) : 'all';
  const { open, error } = useOpenAlerts();
  const deliveries = useDeliveries(can(user, 'read-notifications'));
  const resolved = useResource(() => api.alerts({ status: 'resolved', limit: RESOLVED_MAX }));
  const { setData: setResolved } = resolved;
  useLiveEvents(
    useCallback(
      (e: LiveEvent) => {
        if (e.type === 'alert-resolved') setResolved((list) => applyResolvedEvent(list ?? [], e, RESOLVED_MAX));
      },
      [setResolved],
    ),
  );

  // Alerts that arrive while the page is open are marked "New" and announced to screen readers.
  const seen = useRef<Set<string> | null>(null);
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const [announce, setAnnounce] = useState('');
  useEffect(() => {
    if (!open) return;
    if (seen.current === null) {
      seen.current = new Set(open.map((a) => a.id));
      return;
    }
    const arrived = open.filter((a) => !seen.current!.has(a.id));
    if (arrived.length === 0) return;
    for (const a of arrived) seen.current.add(a.id);
    setFresh((f) => new Set([...f, ...arrived.map((a) => a.id)]));
    setAnnounce(`New alert: ${arrived.map((a) => `${a.controlTitle} on ${a.hostname}`).join('; ')}.`);
  }, [open]);

  const filter = (list: Alert[]) => list.filter((a) => show === 'all' || a.category === show);
  const shown = filter(open ?? []);
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
  const current = Math.min(page, pages - 1);
  const pageItems = shown.slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE);
  const showConcern = can(user, 'read-concerns');

  return (
    <>
      <h1>Alerts</h1>
      <p className="lede">
        An alert opens when a device fails a check. Safeguarding alerts go to the DSL at once; technical ones go to the IT lead. This page updates by
        itself — there is no need to reload it.
      </p>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announce}
      </p>
      <form className="filters filters--compact" aria-label="Filter alerts" onSubmit={(e) => e.preventDefault()}>
        <Field label="Show" className="field--inline">
          {(p) => (
            <select
              {...p}
              value={show}
              onChange={(e) => navigate(e.target.value === 'all' ? '/alerts' : `/alerts?show=${e.target.value}`, { replace: true })}
            >
              {(Object.keys(SHOW_WORDS) as Show[]).map((s) => (
                <option key={s} value={s}>
                  {SHOW_WORDS[s]}
                </option>
              ))}
            </select>
          )}
        </Field>
      </form>
      {error && <Notice kind="error">{error}</Notice>}
      {deliveries.error && <Notice kind="warning">Could not read who the alerts went to: {deliveries.error}</Notice>}
      <section aria-labelledby="open-alerts-title">
        <h2 id="open-alerts-title">
          Open alerts{' '}
          <span className="muted" data-testid="open-alert-count">
            ({shown.length})
          </span>
        </h2>
        {!open ? (
          <Loading what="Loading alerts" />
        ) : (
          <AlertList
            alerts={pageItems}
            deliveries={deliveries.data}
            showConcern={showConcern}
            fresh={fresh}
            empty="No open alerts. Every device passes its checks, or is still within its time to fix."
          />
        )}
        {shown.length > PAGE_SIZE && (
          <nav className="pager" aria-label="Pages of open alerts">
            <button type="button" className="button button--secondary" disabled={current === 0} onClick={() => setPage(current - 1)}>
              Previous
            </button>{' '}
            <span data-testid="open-alert-page">
              {current * PAGE_SIZE + 1}–{Math.min(shown.length, (current + 1) * PAGE_SIZE)} of {shown.length}
            </span>{' '}
            <button type="button" className="button button--secondary" disabled={current >= pages - 1} onClick={() => setPage(current + 1)}>
              Next
            </button>
          </nav>
        )}
      </section>
      <section aria-labelledby="resolved-alerts-title">
        <h2 id="resolved-alerts-title">Recently resolved</h2>
        {resolved.error && <Notice kind="error">{resolved.error}</Notice>}
        {!resolved.data ? (
          <Loading />
        ) : (
          <AlertList
            alerts={filter(resolved.data)}
            deliveries={deliveries.data}
            showConcern={showConcern}
            empty="No alerts have been resolved yet."
          />
        )}
        {showConcern && (
          <p>
            Safeguarding alerts stay in the <Link to="/concerns">concern log</Link> after they are resolved.
          </p>
        )}
      </section>
    </>
  );
}
