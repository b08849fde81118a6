import { useCallback } from 'react';
import type { Concern } from '@safefleet/protocol';
import { api } from '../api/endpoints';
import type { LiveEvent } from '../api/live';
import { useResource } from '../api/use-resource';
import { Loading, Notice } from '../components/Field';
import { usePageTitle } from '../components/Layout';
import { NewConcernForm } from '../components/NewConcernForm';
import { TriagePanel } from '../components/TriagePanel';
import { ConcernStatusBadge, OverdueFlag } from '../components/StatusBadge';
import { Table, type Column } from '../components/Table';
import {
  CONCERN_FILTER_LABELS,
  CONCERN_FILTERS,
  concernFilterFrom,
  concernQuery,
  concernsCsvHref,
  dueWords,
  elapsedWords,
  type ConcernFilter,
} from '../lib/concerns';
import { formatDateTime } from '../lib/format';
import { can } from '../lib/permissions';
import { Link, navigate, useLocation } from '../router';
import { useLiveEvents, useSession } from '../session';

const columns: Column<Concern, string>[] = [
  {
    key: 'id',
    label: 'Concern',
    rowHeader: true,
    className: 'col-concern',
    render: (c) => (
      <>
        <Link to={`/concerns/${c.id}`}>Concern {c.id}</Link>
        <div className="small show-narrow">Opened {formatDateTime(c.loggedAt)}</div>
        <div className="muted small clamp">{c.summary}</div>
      </>
    ),
  },
  { key: 'status', label: 'Status', render: (c) => <ConcernStatusBadge status={c.status} /> },
  {
    key: 'device',
    label: 'Device and keeper',
    render: (c) => (
      <>
        {c.deviceId && c.hostname ? (
          <Link to={`/devices/${encodeURIComponent(c.deviceId)}`}>{c.hostname}</Link>
        ) : (
          <span className="muted">No device</span>
        )}
        <div className="small">{c.keeperName ?? <span className="muted">No keeper recorded</span>}</div>
      </>
    ),
  },
  { key: 'opened', label: 'Opened', className: 'col-opened', render: (c) => <DateTime iso={c.loggedAt} /> },
  {
    key: 'assess',
    label: 'Time to assess',
    className: 'col-time',
    render: (c) => (c.assessedAt ? elapsedWords(c.loggedAt, c.assessedAt) : <span className="muted">Not yet</span>),
  },
  {
    key: 'action',
    label: 'Time to action',
    className: 'col-time',
    render: (c) => (c.actionedAt ? elapsedWords(c.loggedAt, c.actionedAt) : <span className="muted">Not yet</span>),
  },
  {
    key: 'times',
    label: 'Time taken',
    className: 'col-times',
    render: (c) => (
      <>
        <div>Assess: {c.assessedAt ? elapsedWords(c.loggedAt, c.assessedAt) : <span className="muted">not yet</span>}</div>
        <div>Action: {c.actionedAt ? elapsedWords(c.loggedAt, c.actionedAt) : <span className="muted">not yet</span>}</div>
      </>
    ),
  },
  {
    key: 'due',
    label: 'Close by',
    className: 'col-due',
    render: (c) =>
      c.status === 'closed' ? (
        <span className="muted">Closed</span>
      ) : (
        <>
          {c.overdue && <OverdueFlag />}
          {!c.overdue && <div>{dueWords(c)}</div>}
          <div className="muted small">{formatDateTime(c.dueBy)}</div>
        </>
      ),
  },
];

/** "21 Nov 2026" over "06:40", so the column stays narrow. */
function DateTime({ iso }: { iso: string }) {
  const [day, time] = formatDateTime(iso).split(', ');
  return (
    <time dateTime={iso} className="nowrap">
      {day}
      {time && <span className="muted small block">{time}</span>}
    </time>
  );
}

const EMPTY: Record<ConcernFilter, string> = {
  open: 'No open concerns.',
  overdue: 'No concern is overdue.',
  closed: 'No concern has been closed yet.',
  all: 'No concerns have been logged yet.',
};

function countWords(n: number, f: ConcernFilter): string {
  const what = `concern${n === 1 ? '' : 's'}`;
  return f === 'all' ? `Showing all ${n} ${what}.` : `Showing ${n} ${CONCERN_FILTER_LABELS[f].toLowerCase()} ${what}.`;
}

/** The safeguarding concern log (DSL and IT lead): filters, CSV export, and "open a concern by hand". */
export function ConcernsPage() {
  usePageTitle('Concerns');
  const { user } = useSession();
  const allowed = can(user, 'read-concerns');
  const { search } = useLocation();
  const filter = concernFilterFrom(search.get('show'));
  const concerns = useResource(() => (allowed ? api.concerns(concernQuery(filter)) : Promise.resolve([])), filter);
  const devices = useResource(() => (allowed ? api.devices() : Promise.resolve([])));
  const { reload } = concerns;
  // A new safeguarding alert logs a concern: show it without a reload.
  useLiveEvents(useCallback((e: LiveEvent) => (e.type === 'alert-opened' || e.type === 'resync') && reload(), [reload]));

  if (!allowed) {
    return (
      <>
        <h1>Concerns</h1>
        <p>Only the DSL and the IT lead can see the safeguarding concern log.</p>
        {user.role === 'provider' && (
          <p>
            As a provider you see how many concerns are open in each organisation on <Link to="/organisations">Organisations</Link>; the concerns
            themselves stay with the organisation’s DSL.
          </p>
        )}
      </>
    );
  }

  return (
    <>
      <div className="page-head">
        <h1>Concerns</h1>
        <a className="button" href={concernsCsvHref(filter)} download>
          Export CSV
          <span className="visually-hidden">
            {filter === 'all' ? ' of every concern' : ` of the ${CONCERN_FILTER_LABELS[filter].toLowerCase()} concerns`}
          </span>
        </a>
      </div>
      <p className="lede">
        The safeguarding concern log. Every safeguarding alert raises a concern that waits for your triage; those you triage as a safeguarding
        concern, and those opened by hand, are assessed, then the actions taken are recorded, then they are closed. A concern not closed within its
        time limit (counted in working days) is marked “Overdue”.
      </p>
      <TriagePanel onDone={reload} />
      <nav className="segmented" aria-label="Which concerns to show">
        <ul>
          {CONCERN_FILTERS.map((f) => (
            <li key={f}>
              <Link to={f === 'open' ? '/concerns' : `/concerns?show=${f}`} aria-current={f === filter ? 'page' : undefined}>
                {CONCERN_FILTER_LABELS[f]}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {concerns.error && <Notice kind="error">{concerns.error}</Notice>}
      {!concerns.data ? (
        <Loading what="Loading concerns" />
      ) : (
        <>
          <p className="muted" role="status" data-testid="concern-count">
            {concerns.loading ? 'Loading…' : countWords(concerns.data.length, filter)}
          </p>
          <Table
            caption="Safeguarding concerns"
            captionHidden
            columns={columns}
            rows={concerns.data}
            rowKey={(c) => String(c.id)}
            empty={EMPTY[filter]}
          />
        </>
      )}
      {devices.data && <NewConcernForm devices={devices.data} onCreated={(c) => navigate(`/concerns/${c.id}`)} />}
    </>
  );
}
