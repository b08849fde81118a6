import { useState } from 'react';
import { ALERTS_AUDIT_ACTION_LABELS, AUDIT_ACTION_LABELS, type AuditEntry } from '@safefleet/protocol';
import { api } from '../api/endpoints';
import { useResource } from '../api/use-resource';
import { Loading, Notice } from '../components/Field';
import { usePageTitle } from '../components/Layout';
import { Table, type Column } from '../components/Table';
import { actorWords, formatDateTime } from '../lib/format';
import { can } from '../lib/permissions';
import { Link } from '../router';
import { useSession } from '../session';

const PAGE = 100;

/** Short plain summary of an entry's details (never secrets: the server keeps none there). */
function detailWords(e: AuditEntry): string {
  const d = e.detail;
  if (!d) return '';
  const parts: string[] = [];
  for (const k of ['hostname', 'role', 'approvedBy', 'expiresAt', 'command'] as const) {
    const v = d[k];
    if (typeof v === 'string')
      parts.push(`${k === 'approvedBy' ? 'approved by' : k === 'expiresAt' ? 'until' : k}: ${k === 'expiresAt' ? formatDateTime(v) : v}`);
  }
  if (Array.isArray(d.appIds)) parts.push(`apps: ${d.appIds.join(', ')}`);
  return parts.join(' · ');
}

const ACTION_LABELS: Record<string, string> = { ...AUDIT_ACTION_LABELS, ...ALERTS_AUDIT_ACTION_LABELS };

/** A link to what an entry is about, when the console has a page for it. */
function about(e: AuditEntry) {
  if (!e.target) return '';
  if (e.action.startsWith('device.')) return <Link to={`/devices/${encodeURIComponent(e.target)}`}>{String(e.detail?.hostname ?? e.target)}</Link>;
  const concern = /^concern:(\d+)$/.exec(e.target);
  if (concern) return <Link to={`/concerns/${concern[1]}`}>Concern {concern[1]}</Link>;
  return e.target;
}

const columns: Column<AuditEntry, string>[] = [
  { key: 'at', label: 'When', render: (e) => <time dateTime={e.at}>{formatDateTime(e.at)}</time> },
  { key: 'actor', label: 'Who', render: (e) => actorWords(e.actor) },
  { key: 'action', label: 'What', rowHeader: true, render: (e) => ACTION_LABELS[e.action] ?? e.action },
  { key: 'target', label: 'About', render: about },
  { key: 'detail', label: 'Details', render: detailWords },
];

/** The audit trail: who changed what and when (IT lead and DSL). */
export function ActivityPage() {
  usePageTitle('Activity');
  const { user } = useSession();
  const allowed = can(user, 'read-audit');
  const first = useResource(() => (allowed ? api.audit({ limit: PAGE }) : Promise.resolve([])));
  const [older, setOlder] = useState<AuditEntry[]>([]);
  const [more, setMore] = useState(true);
  const [error, setError] = useState<string | null>(null);
  if (!allowed) {
    return (
      <>
        <h1>Activity</h1>
        <p>Only the IT lead and the DSL can see the activity log.</p>
      </>
    );
  }
  const rows = [...(first.data ?? []), ...older];
  const loadMore = async () => {
    const last = rows[rows.length - 1];
    if (!last) return;
    try {
      const next = await api.audit({ limit: PAGE, before: last.id });
      setOlder((o) => [...o, ...next]);
      setMore(next.length === PAGE);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <>
      <h1>Activity</h1>
      <p className="lede">Everything changed in this console — exceptions, policy, keepers, users, enrolments — newest first.</p>
      {can(user, 'export-audit') && (
        <div className="actions">
          {/* Plain links: the server streams the whole log as a file (no page cap) and records the download. */}
          <a className="button" href="/api/audit/export.csv" download>
            Download the whole log (CSV)
          </a>{' '}
          <a className="button" href="/api/audit/export.json" download>
            Download the whole log (JSON)
          </a>
        </div>
      )}
      {(first.error ?? error) && <Notice kind="error">{first.error ?? error}</Notice>}
      {!first.data ? (
        <Loading />
      ) : (
        <Table caption="Activity log" captionHidden columns={columns} rows={rows} rowKey={(e) => String(e.id)} empty="Nothing recorded yet." />
      )}
      {first.data && more && first.data.length === PAGE && (
        <button type="button" className="button" onClick={() => void loadMore()}>
          Show older entries
        </button>
      )}
    </>
  );
}
