import type { StatusChange } from '@safefleet/protocol';
import { CONTROLS } from '@safefleet/protocol';
import { formatDateTime } from '../lib/format';
import { StatusBadge } from './StatusBadge';

/** Status changes, newest first. */
export function Timeline({ history }: { history: StatusChange[] }) {
  if (history.length === 0) return <p className="muted">No status changes recorded yet.</p>;
  const rows = [...history].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <ol className="timeline">
      {rows.map((h, i) => (
        <li
          key={`${h.at}-${
            // biome-ignore lint/suspicious/noArrayIndexKey: a read-only list rebuilt whole on each render; its items have no id of their own
            i
          }`}
        >
          <time dateTime={h.at}>{formatDateTime(h.at)}</time> <StatusBadge status={h.status} />
          {h.failing.length > 0 && <span className="muted"> Failing: {h.failing.map((c) => CONTROLS[c].shortTitle).join(', ')}</span>}
        </li>
      ))}
    </ol>
  );
}
