import { useState } from 'react';
import { AUDIT_ACTION_LABELS, type AuditEntry } from '@safefleet/protocol';
import { api } from '../api/endpoints';
import { useResource } from '../api/use-resource';
import { Loading, Notice } from '../components/Field';
import { usePageTitle } from '../components/Layout';
import { Table, type Column } from '../components/Table';
import { formatDateTime } from '../lib/format';
import { can } from '../lib/permissions';
import { Link } from '../router';
import { useSession } from '../session';

const PAGE = 100;

/** "user:sam@x.org" → "sam@x.org"; "system" → "Safefleet". */
function actorWords(actor: string): string {
  if (actor.startsWith('user:')) return actor.slice(5);
  if (actor === 'system') return 'Safefleet';
  if (actor === 'cli') return 'Command line';
  if (actor.startsWith('device:')) return `Device ${actor.slice(7)}`;
  return actor;
}

/** Short plain summary of an entry's details (never secrets: the server keeps none there). */
function detailWords(e: AuditEntry): string {
  const d = e.detail;
  if (!d) return '';
  const parts: string[] = [];
  for (const k of ['hostname', 'role', 'approvedBy', 'expiresAt', 'command'] as const) {
    const v = d[k];
    if (typeof v === 'string') parts.push(`${k === 'approvedBy' ? 'approved by' : k === 'expiresAt' ? 'until' : k}: ${k === 'expiresAt' ? formatDateTime(v) : v}`);
  }
  if (Array.isArray(d.appIds)) parts.push(`apps: ${d.appIds.join(', ')}`);
  return parts.join(' · ');
}

const columns: Column<AuditEntry, string>[] = [
  { key: 'at', label: 'When', render: (e) => <time dateTime={e.at}>{formatDateTime(e.at)}</time> },
  { key: 'actor', label: 'Who', render: (e) => actorWords(e.actor) },
  { key: 'action', label: 'What', rowHeader: true, render: (e) => AUDIT_ACTION_LABELS[e.action] ?? e.action },
  {
    key: 'target',
    label: 'About',
    render: (e) =>
      e.target && e.action.startsWith('device.') ? <Link to={`/devices/${encodeURIComponent(e.target)}`}>{String(e.detail?.hostname ?? e.target)}</Link> : (e.target ?? ''),
  },
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
      {(first.error ?? error) && <Notice kind="error">{first.error ?? error}</Notice>}
      {!first.data ? <Loading /> : <Table caption="Activity log" captionHidden columns={columns} rows={rows} rowKey={(e) => String(e.id)} empty="Nothing recorded yet." />}
      {first.data && more && first.data.length === PAGE && (
        <button type="button" className="button" onClick={() => void loadMore()}>
          Show older entries
        </button>
      )}
    </>
  );
}
