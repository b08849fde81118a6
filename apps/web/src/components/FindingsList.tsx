import { CONTROLS, findingFor, type Finding } from '@safefleet/protocol';
import { formatDate } from '../lib/format';
import { Link } from '../router';
import { FindingBadge } from './StatusBadge';

/** Catalogue app ids found and not allowed by an exception (for the "approve an exception" link). */
export function unallowedApps(findings: Finding[]): string[] {
  const found = findingFor(findings, 'social-apps')?.details?.found ?? [];
  return [...new Set(found.filter((a) => !a.allowedByException).map((a) => a.appId))];
}

/** Each control's result with its reason, and what to do about it when it is not a pass. */
export function FindingsList({ findings, deviceId, canExcept }: { findings: Finding[]; deviceId: string; canExcept: boolean }) {
  if (findings.length === 0) return <p>This device has not reported yet, so nothing has been checked.</p>;
  const rank = { fail: 0, grace: 1, unknown: 2, pass: 3 } as const;
  const sorted = [...findings].sort((a, b) => rank[a.status] - rank[b.status]);
  const apps = unallowedApps(findings);
  return (
    <ul className="findings">
      {sorted.map((f) => (
        <li key={f.control} className={`finding finding--${f.status}`} data-control={f.control} data-status={f.status}>
          <div className="finding__head">
            <h3>{CONTROLS[f.control].title}</h3>
            <FindingBadge status={f.status} />
          </div>
          <p className="finding__reason">{f.reason}</p>
          {f.dueAt && f.status === 'grace' && <p className="finding__due">Must be fixed by {formatDate(f.dueAt)}.</p>}
          {f.status !== 'pass' && f.resolution && (
            <div className="finding__fix">
              <h4>What to do</h4>
              <p>{f.resolution}</p>
            </div>
          )}
          {f.control === 'social-apps' && f.status === 'fail' && canExcept && apps.length > 0 && (
            <p>
              <Link to={`/exceptions?device=${encodeURIComponent(deviceId)}&apps=${apps.map(encodeURIComponent).join(',')}`}>
                Approve an exception for these apps…
              </Link>
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}
