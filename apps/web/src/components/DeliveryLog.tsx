import { useState } from 'react';
import type { Delivery, DeliveryStatus } from '@safefleet/protocol';
import { api } from '../api/endpoints';
import { formatDateTime } from '../lib/format';
import { attemptWords, canRetry, channelWords, DELIVERY_KIND_WORDS, DELIVERY_STATUS_ICONS, DELIVERY_STATUS_WORDS } from '../lib/notifications';
import { Field, Notice } from './Field';
import { Table, type Column } from './Table';

const STATUS_CLASS: Record<DeliveryStatus, string> = { pending: 'f-grace', sent: 'f-pass', failed: 'f-fail', held: 'f-unknown', digested: 'f-pass' };
type Show = 'all' | DeliveryStatus;

export function DeliveryStatusBadge({ status }: { status: DeliveryStatus }) {
  return (
    <span className={`badge badge--${STATUS_CLASS[status]}`}>
      <span aria-hidden="true">{DELIVERY_STATUS_ICONS[status]}</span> {DELIVERY_STATUS_WORDS[status]}
    </span>
  );
}

function Attempts({ d }: { d: Delivery }) {
  if (d.attemptLog.length === 0)
    return <span className="muted">{d.status === 'held' ? 'Not tried: waiting for the daily summary' : 'Not tried yet'}</span>;
  return (
    <details open={d.status === 'failed'}>
      <summary>
        {d.attemptLog.length} attempt{d.attemptLog.length === 1 ? '' : 's'}
      </summary>
      <ol className="attempts">
        {d.attemptLog.map((a) => (
          <li key={a.attempt} className={a.ok ? undefined : 'attempt--failed'}>
            <time dateTime={a.at}>{formatDateTime(a.at)}</time>: <span aria-hidden="true">{a.ok ? '✓ ' : '✕ '}</span>
            {attemptWords(a)}
          </li>
        ))}
      </ol>
    </details>
  );
}

/** Every email and webhook message, with each attempt (time, result, error) and "Retry now" for the IT lead. */
export function DeliveryLog({ deliveries, canRetryNow, onChanged }: { deliveries: Delivery[]; canRetryNow: boolean; onChanged: () => void }) {
  const [show, setShow] = useState<Show>('all');
  const [notice, setNotice] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState<number | null>(null);

  const retry = async (d: Delivery) => {
    setBusy(d.id);
    setNotice(null);
    try {
      await api.retryDelivery(d.id);
      setNotice({ kind: 'success', text: `Trying “${d.subject}” again now. The result appears here in a moment.` });
      onChanged();
      setTimeout(onChanged, 3_000);
    } catch (err) {
      setNotice({ kind: 'error', text: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(null);
    }
  };

  const columns: Column<Delivery, string>[] = [
    { key: 'when', label: 'When', render: (d) => <time dateTime={d.createdAt}>{formatDateTime(d.createdAt)}</time> },
    {
      key: 'what',
      label: 'Message',
      rowHeader: true,
      render: (d) => (
        <>
          {DELIVERY_KIND_WORDS[d.kind]}
          <div className="muted small">{d.subject}</div>
        </>
      ),
    },
    {
      key: 'to',
      label: 'To',
      render: (d) => (
        <>
          {d.recipientLabel ?? d.target}
          <div className="muted small">
            {channelWords(d)}
            {d.recipientLabel ? ` · ${d.target}` : ''}
          </div>
        </>
      ),
    },
    {
      key: 'status',
      label: 'Result',
      render: (d) => (
        <>
          <DeliveryStatusBadge status={d.status} />
          {d.status === 'pending' && d.nextAttemptAt && d.attempts > 0 && <div className="small">Next try {formatDateTime(d.nextAttemptAt)}</div>}
          {d.status === 'sent' && d.sentAt && <div className="muted small">{formatDateTime(d.sentAt)}</div>}
        </>
      ),
    },
    { key: 'attempts', label: 'Attempts', render: (d) => <Attempts d={d} /> },
    ...(canRetryNow
      ? [
          {
            key: 'retry',
            label: <span className="visually-hidden">Actions</span>,
            render: (d: Delivery) =>
              canRetry(d) && d.attempts > 0 ? (
                <button type="button" className="button" disabled={busy === d.id} onClick={() => void retry(d)}>
                  Retry now<span className="visually-hidden">: {d.subject}</span>
                </button>
              ) : null,
          },
        ]
      : []),
  ];

  const shown = deliveries.filter((d) => show === 'all' || d.status === show);
  const failed = deliveries.filter((d) => d.status === 'failed').length;
  return (
    <>
      {failed > 0 && (
        <Notice kind="warning">
          {failed} message{failed === 1 ? '' : 's'} could not be sent. Check the email settings above{canRetryNow ? ', then press “Retry now”' : ''}.
        </Notice>
      )}
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
      <form className="filters filters--compact" aria-label="Filter the delivery log" onSubmit={(e) => e.preventDefault()}>
        <Field label="Show" className="field--inline">
          {(p) => (
            <select {...p} value={show} onChange={(e) => setShow(e.target.value as Show)}>
              <option value="all">Every message</option>
              {(['failed', 'pending', 'sent', 'held', 'digested'] as const).map((s) => (
                <option key={s} value={s}>
                  {DELIVERY_STATUS_WORDS[s]}
                </option>
              ))}
            </select>
          )}
        </Field>
      </form>
      <Table caption="Delivery log" captionHidden columns={columns} rows={shown} rowKey={(d) => String(d.id)} empty="No messages sent yet." />
    </>
  );
}
