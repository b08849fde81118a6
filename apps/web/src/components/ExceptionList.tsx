import { useState } from 'react';
import { EXCEPTION_STATE_LABELS, type CatalogueApp, type ExceptionRecord } from '@safefleet/protocol';
import { api } from '../api/endpoints';
import { formatDate } from '../lib/format';
import { Link } from '../router';
import { appNames } from './AppPicker';
import { Notice } from './Field';

export function scopeWords(e: ExceptionRecord) {
  return e.scope.kind === 'role' ? (
    <>keeper role “{e.scope.role}”</>
  ) : (
    <>
      device <Link to={`/devices/${encodeURIComponent(e.scope.deviceId)}`}>{e.deviceHostname ?? e.scope.deviceId}</Link>
    </>
  );
}

/** Exceptions, active first; each with its risk assessment, approver and end date. Revoke for admin/DSL. */
export function ExceptionList({
  exceptions,
  catalogue,
  canRevoke,
  onChanged,
}: {
  exceptions: ExceptionRecord[];
  catalogue: CatalogueApp[];
  canRevoke: boolean;
  onChanged: () => void;
}) {
  const [showAll, setShowAll] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<string | null>(null);
  const shown = exceptions.filter((e) => showAll || e.state === 'active');

  const revoke = async (id: string) => {
    setError(null);
    try {
      await api.revokeException(id);
      setConfirm(null);
      onChanged();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <>
      <label className="check">
        <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} /> Show expired and revoked exceptions too
      </label>
      {error && <Notice kind="error">{error}</Notice>}
      {shown.length === 0 ? (
        <p>{showAll ? 'No exceptions have been approved yet.' : 'No exceptions are in force.'}</p>
      ) : (
        <ul className="exceptions">
          {shown.map((e) => (
            <li key={e.id} className={`exception exception--${e.state}`}>
              <div className="exception__head">
                <strong>{appNames(e.appIds, catalogue)}</strong>
                <span className={`badge badge--x-${e.state}`}>{EXCEPTION_STATE_LABELS[e.state]}</span>
              </div>
              <p>
                For {scopeWords(e)} · approved by {e.approvedBy} on {formatDate(e.createdAt)} ·{' '}
                {e.state === 'revoked'
                  ? `revoked ${formatDate(e.revokedAt)}`
                  : `${e.state === 'expired' ? 'ended' : 'ends'} ${formatDate(e.expiresAt)}`}
              </p>
              <details>
                <summary>Risk assessment</summary>
                <p className="prewrap">{e.riskAssessment}</p>
              </details>
              {canRevoke && e.state === 'active' && (
                <div className="actions">
                  {confirm === e.id ? (
                    <>
                      <span>Revoke it? The apps stop being allowed at once.</span>
                      {/** biome-ignore lint/a11y/noAutofocus: focus goes to the field the person just opened, as they expect */}
                      <button type="button" className="button button--danger" onClick={() => void revoke(e.id)} autoFocus>
                        Revoke
                      </button>
                      <button type="button" className="button button--quiet" onClick={() => setConfirm(null)}>
                        Cancel
                      </button>
                    </>
                  ) : (
                    <button type="button" className="button" onClick={() => setConfirm(e.id)}>
                      Revoke…
                    </button>
                  )}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
