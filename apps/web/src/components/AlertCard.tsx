import type { Alert } from '@safefleet/protocol';
import { alertApps, REDACTED_WORDS, routeWords, type SentTo, deliveryWords } from '../lib/alerts';
import { formatDate, formatDateTime, timeAgo } from '../lib/format';
import { Link } from '../router';

/** "Safeguarding" / "Technical", with an icon (never colour alone). */
export function AlertCategoryBadge({ alert }: { alert: Pick<Alert, 'category'> }) {
  return alert.category === 'safeguarding' ? (
    <span className="badge badge--safeguarding">
      <span aria-hidden="true">⚑</span> Safeguarding
    </span>
  ) : (
    <span className="badge badge--technical">
      <span aria-hidden="true">⚙</span> Technical
    </span>
  );
}

function When({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {timeAgo(iso)} <span className="muted small">({formatDateTime(iso)})</span>
    </time>
  );
}

/** Who the alert went to: the delivery log's lines when this role may read it, else the routing rule. */
function Recipients({ alert, sent }: { alert: Alert; sent: SentTo[] | undefined }) {
  // Without the delivery log (a viewer): the true state, without addresses; the planned route only when unknown.
  if (!sent) return <>{alert.delivery ? deliveryWords(alert.delivery) : routeWords(alert)}</>;
  if (sent.length === 0)
    return <span className="muted">No one: no address is set for this kind of alert. The IT lead can add one under Alert settings.</span>;
  return (
    <ul className="sent-to">
      {sent.map((s, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a read-only list rebuilt whole on each render; its items have no id of their own
        <li key={i}>
          {s.who} by {s.how} — {s.failed ? <strong className="text-bad">{s.status}</strong> : s.status}
        </li>
      ))}
    </ul>
  );
}

/**
 * One alert: device (link), keeper, control, what was found, when it opened, who it went to, and its
 * concern. A viewer's safeguarding alert arrives redacted and says the details are for the DSL.
 */
export function AlertCard({
  alert,
  sent,
  showConcern,
  isNew = false,
  headingLevel = 3,
}: {
  alert: Alert;
  /** Lines from the delivery log; undefined when this role cannot read it. */
  sent?: SentTo[] | undefined;
  showConcern: boolean;
  isNew?: boolean;
  headingLevel?: 2 | 3;
}) {
  const H = headingLevel === 2 ? 'h2' : 'h3';
  const apps = alertApps(alert);
  const resolved = alert.status === 'resolved';
  return (
    <article
      className={`alert alert--${alert.category}${resolved ? ' alert--resolved' : ''}`}
      data-alert-id={alert.id}
      aria-labelledby={`alert-${alert.id}`}
    >
      <div className="alert__head">
        <H id={`alert-${alert.id}`} className="alert__title">
          {alert.controlTitle} <span className="muted">on</span> <Link to={alert.link}>{alert.hostname}</Link>
        </H>
        <span className="alert__tags">
          {isNew && (
            <span className="badge badge--new">
              <span aria-hidden="true">★</span> New
            </span>
          )}
          <AlertCategoryBadge alert={alert} />
        </span>
      </div>
      {alert.redacted ? <p className="alert__redacted">{REDACTED_WORDS}.</p> : <p className="alert__reason">{alert.reason}</p>}
      <dl className="facts-list alert__facts">
        <dt>Keeper</dt>
        <dd>
          {alert.redacted ? (
            <span className="muted">Visible to the DSL</span>
          ) : (
            (alert.keeperName ?? <span className="muted">No keeper recorded</span>)
          )}
        </dd>
        {apps.length > 0 && (
          <>
            <dt>Apps found</dt>
            <dd>{apps.join(', ')}</dd>
          </>
        )}
        <dt>Opened</dt>
        <dd>
          <When iso={alert.openedAt} />
        </dd>
        {resolved && alert.resolvedAt && (
          <>
            <dt>Resolved</dt>
            <dd>
              <When iso={alert.resolvedAt} />
              {alert.resolvedReason ? ` — ${alert.resolvedReason}` : ''}
            </dd>
          </>
        )}
        <dt>Sent to</dt>
        <dd>
          <Recipients alert={alert} sent={sent} />
        </dd>
        {(alert.remindedAt || alert.escalatedAt) && (
          <>
            <dt>Follow-up</dt>
            <dd>
              {[
                alert.remindedAt && `Keeper reminded on ${formatDate(alert.remindedAt)}`,
                alert.escalatedAt && `escalated on ${formatDate(alert.escalatedAt)}`,
              ]
                .filter(Boolean)
                .join('; ')}
            </dd>
          </>
        )}
      </dl>
      {!alert.redacted && !resolved && alert.resolution && (
        <details className="alert__fix">
          <summary>How to fix it</summary>
          <p>{alert.resolution}</p>
        </details>
      )}
      {showConcern && alert.concernId !== null && (
        <p className="alert__concern">
          <Link to={`/concerns/${alert.concernId}`} className="button">
            Open concern {alert.concernId}
          </Link>
        </p>
      )}
    </article>
  );
}

/** One line per alert for the Overview panel. */
export function AlertLine({ alert }: { alert: Alert }) {
  return (
    <li className="alert-line" data-alert-id={alert.id}>
      <Link to={alert.link} className="alert-line__device">
        {alert.hostname}
      </Link>{' '}
      <AlertCategoryBadge alert={alert} />
      <span className="muted">
        {' '}
        {alert.controlTitle}
        {alert.redacted ? ' · details are visible to the DSL' : alert.keeperName ? ` · ${alert.keeperName}` : ''} · opened {timeAgo(alert.openedAt)}
      </span>
    </li>
  );
}
