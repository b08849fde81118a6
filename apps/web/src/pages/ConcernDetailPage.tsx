import { useRef, useState } from 'react';
import { type ConcernDetail, concernsApi } from '@safefleet/protocol';
import { routeHref } from '../api/client';
import { api } from '../api/endpoints';
import { useResource } from '../api/use-resource';
import { ConcernNextStep, ConcernNoteForm } from '../components/ConcernNextStep';
import { ConcernProgress, ConcernSource, ConcernSteps, ConcernTimeline } from '../components/ConcernRecord';
import { Loading, Notice } from '../components/Field';
import { usePageTitle } from '../components/Layout';
import { ConcernStatusBadge, OverdueFlag } from '../components/StatusBadge';
import { dueWords, statusLabel } from '../lib/concerns';
import { actorWords, formatDateTime } from '../lib/format';
import { can } from '../lib/permissions';
import { Link } from '../router';
import { useSession } from '../session';

/** One concern: what opened it, where it is, the one next step, notes, and its timeline. */
export function ConcernDetailPage({ id }: { id: string }) {
  const { user } = useSession();
  const allowed = can(user, 'read-concerns');
  const num = /^\d+$/.test(id) ? Number(id) : NaN;
  const concern = useResource(
    () => (allowed && !Number.isNaN(num) ? api.concern(num) : Promise.reject(new Error('Not found: it may have been removed.'))),
    id,
  );
  const [saved, setSaved] = useState<string | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const savedRef = useRef<HTMLDivElement>(null);
  const c = concern.data;
  usePageTitle(c ? `Concern ${c.id}` : 'Concern');

  const done = (next: ConcernDetail, words: string) => {
    concern.setData(() => next);
    setRefused(null);
    setSaved(words);
    setTimeout(() => savedRef.current?.focus(), 0);
  };

  const back = (
    <p className="no-print">
      <Link to="/concerns">← All concerns</Link>
    </p>
  );
  if (!allowed) {
    return (
      <>
        <h1>Concern</h1>
        <p>Only the DSL and the IT lead can see the safeguarding concern log.</p>
      </>
    );
  }
  if (!c) {
    return (
      <>
        {back}
        <h1>Concern</h1>
        {concern.error ? <Notice kind="error">{concern.error}</Notice> : <Loading what="Loading the concern" />}
      </>
    );
  }
  const editable = can(user, 'manage-concerns');
  return (
    <>
      {back}
      <div className="page-head">
        <h1>
          Concern {c.id} <ConcernStatusBadge status={c.status} /> {c.overdue && <OverdueFlag />}
        </h1>
        <div className="actions no-print">
          <a className="button" href={routeHref(concernsApi.print, { params: { id: c.id } })} target="_blank" rel="noopener">
            Printable record<span className="visually-hidden"> (opens in a new tab)</span>
          </a>
        </div>
      </div>
      <ConcernProgress status={c.status} />
      <div tabIndex={-1} ref={savedRef} className="focus-target">
        {saved && <Notice kind="success">{saved}</Notice>}
        {refused && <Notice kind="error">{refused}</Notice>}
      </div>
      {concern.error && <Notice kind="error">{concern.error}</Notice>}

      <div className="columns">
        <section className="card" aria-labelledby="about-title">
          <h2 id="about-title">What it is about</h2>
          <p className="prewrap">{c.summary}</p>
          <dl className="facts-list">
            <dt>Device</dt>
            <dd>
              {c.deviceId && c.hostname ? (
                <Link to={`/devices/${encodeURIComponent(c.deviceId)}`}>{c.hostname}</Link>
              ) : (
                <span className="muted">No device</span>
              )}
            </dd>
            <dt>Keeper</dt>
            <dd>{c.keeperName ?? <span className="muted">No keeper recorded</span>}</dd>
            <dt>Logged</dt>
            <dd>
              {formatDateTime(c.loggedAt)} by {actorWords(c.loggedBy)}
            </dd>
            <dt>Close by</dt>
            <dd>{c.status === 'closed' ? `Closed on ${formatDateTime(c.closedAt)}` : `${formatDateTime(c.dueBy)} — ${dueWords(c)}`}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="source-title">
          <h2 id="source-title">{c.alertId ? 'What Safefleet found' : 'How it was opened'}</h2>
          <ConcernSource concern={c} />
        </section>
      </div>

      {editable && c.status !== 'closed' && (
        <ConcernNextStep
          key={c.status}
          concern={c}
          onDone={(next) => done(next, `Saved. The concern is now “${statusLabel(next.status)}”.`)}
          onRefused={(words) => {
            setSaved(null);
            setRefused(words);
            concern.reload();
            setTimeout(() => savedRef.current?.focus(), 0);
          }}
        />
      )}
      {c.status === 'closed' && <Notice kind="info">This concern is closed. You can still add a note.</Notice>}

      <section aria-labelledby="record-title">
        <h2 id="record-title">What has been recorded</h2>
        <ConcernSteps concern={c} />
      </section>

      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">Timeline</h2>
        <p className="muted small">Every step and note, oldest first, with who did it.</p>
        <ConcernTimeline concern={c} />
      </section>

      {editable && <ConcernNoteForm concernId={c.id} onDone={(next) => done(next, 'Note added to the timeline.')} />}
    </>
  );
}
