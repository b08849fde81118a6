import type { ConcernDetail, ConcernStatus } from '@safefleet/protocol';
import { api } from '../api/endpoints';
import { useResource } from '../api/use-resource';
import { alertApps, deliveryWords } from '../lib/alerts';
import { CONCERN_STEPS, elapsedWords, eventWords, stepState, statusLabel } from '../lib/concerns';
import { actorWords, formatDate, formatDateTime } from '../lib/format';
import { Link } from '../router';
import { AlertCategoryBadge } from './AlertCard';
import { Notice } from './Field';

const STEP_WORDS: Record<'done' | 'current' | 'todo', string> = { done: 'done', current: 'now', todo: 'to do' };

/** Logged → Assessed → Action taken → Closed, with where this concern is (words, not colour alone). */
export function ConcernProgress({ status }: { status: ConcernStatus }) {
  return (
    <ol className="progress" aria-label="Progress">
      {CONCERN_STEPS.map((s, i) => {
        const state = stepState(s, status);
        return (
          <li key={s} className="progress__item" aria-current={state === 'current' ? 'step' : undefined}>
            {i > 0 && (
              <span aria-hidden="true" className="progress__arrow">
                →
              </span>
            )}
            <span className={`progress__step progress__step--${state}`}>
              <span aria-hidden="true">{state === 'done' ? '✓' : state === 'current' ? '●' : '○'}</span> {statusLabel(s)}{' '}
              <span className="visually-hidden">({STEP_WORDS[state]})</span>
            </span>
          </li>
        );
      })}
    </ol>
  );
}

/** The alert that opened the concern (GET /api/alerts/:id), or who opened it by hand. */
export function ConcernSource({ concern }: { concern: ConcernDetail }) {
  const alertId = concern.alertId;
  const alert = useResource(() => (alertId ? api.alert(alertId) : Promise.resolve(null)), alertId ?? '');
  if (!alertId) {
    return (
      <p>
        Opened by hand by {actorWords(concern.loggedBy)} on {formatDateTime(concern.loggedAt)}.
      </p>
    );
  }
  if (alert.error) return <Notice kind="error">{alert.error}</Notice>;
  const a = alert.data;
  if (!a) return <p className="loading">Loading the alert…</p>;
  const apps = alertApps(a);
  return (
    <div className="concern-source">
      <p>
        <AlertCategoryBadge alert={a} /> <strong>{a.controlTitle}</strong> on <Link to={a.link}>{a.hostname}</Link>
      </p>
      <p>{a.reason}</p>
      <dl className="facts-list">
        {apps.length > 0 && (
          <>
            <dt>Apps found</dt>
            <dd>{apps.join(', ')}</dd>
          </>
        )}
        <dt>Alert opened</dt>
        <dd>{formatDateTime(a.openedAt)}</dd>
        {a.delivery && (
          <>
            <dt>Sent to</dt>
            <dd data-testid="alert-delivery">{deliveryWords(a.delivery)}</dd>
          </>
        )}
        <dt>Alert now</dt>
        <dd>
          {a.status === 'open' ? (
            <strong>Still open: the device still fails this check.</strong>
          ) : (
            `Resolved on ${formatDateTime(a.resolvedAt)}${a.resolvedReason ? ` — ${a.resolvedReason}` : ''}`
          )}
        </dd>
      </dl>
    </div>
  );
}

/** What has been recorded so far: assessment, actions and referral, outcome. */
export function ConcernSteps({ concern: c }: { concern: ConcernDetail }) {
  if (!c.assessedAt) return <p className="muted">Nothing recorded yet beyond the summary.</p>;
  const r = c.referral;
  return (
    <dl className="record">
      <dt>Assessment</dt>
      <dd>
        <p className="prewrap">{c.assessment}</p>
        <p className="muted small">
          By {actorWords(c.assessedBy ?? '')} on {formatDateTime(c.assessedAt)}, {elapsedWords(c.loggedAt, c.assessedAt)} after it was logged.
        </p>
      </dd>
      {c.actionedAt && (
        <>
          <dt>Actions taken</dt>
          <dd>
            <p className="prewrap">{c.actionsTaken}</p>
            <p>
              {r?.made
                ? `Referral made to ${r.to}${r.reference ? ` (reference ${r.reference})` : ''}${r.at ? ` on ${formatDate(r.at)}` : ''}.`
                : 'No referral made.'}
            </p>
            <p className="muted small">
              By {actorWords(c.actionedBy ?? '')} on {formatDateTime(c.actionedAt)}, {elapsedWords(c.loggedAt, c.actionedAt)} after it was logged.
            </p>
          </dd>
        </>
      )}
      {c.closedAt && (
        <>
          <dt>Outcome</dt>
          <dd>
            <p className="prewrap">{c.closingNote ?? 'No closing note.'}</p>
            <p className="muted small">
              Closed by {actorWords(c.closedBy ?? '')} on {formatDateTime(c.closedAt)}.
            </p>
          </dd>
        </>
      )}
    </dl>
  );
}

/** Every event on the concern, oldest first: who did what and when. */
export function ConcernTimeline({ concern }: { concern: ConcernDetail }) {
  const events = [...concern.events].sort((a, b) => a.at.localeCompare(b.at) || a.id - b.id);
  return (
    <ol className="timeline concern-timeline" data-testid="concern-timeline">
      {events.map((e) => {
        const { what, who } = eventWords(e);
        return (
          <li key={e.id} data-action={e.action}>
            <time dateTime={e.at}>{formatDateTime(e.at)}</time> — <strong>{what}</strong> by {who}
            {e.note && e.action !== 'logged' && <p className="prewrap timeline__note">{e.note}</p>}
          </li>
        );
      })}
    </ol>
  );
}
