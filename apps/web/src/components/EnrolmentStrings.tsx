import { useState } from 'react';
import type { EnrolmentTokenSummary } from '@safefleet/protocol';
import { api } from '../api/endpoints';
import { useResource } from '../api/use-resource';
import { formatDateTime } from '../lib/format';
import { Loading, Notice } from './Field';

const STATE_WORDS: Record<EnrolmentTokenSummary['state'], string> = {
  active: 'Can enrol',
  expired: 'Expired',
  'used-up': 'Used up',
  revoked: 'Revoked',
};

/** Enrol devices: every enrolment string made, its uses left and expiry, and a way to revoke it. */
export function EnrolmentStrings({ version }: { version: string }) {
  const list = useResource(() => api.enrolmentTokens(), version);
  const [error, setError] = useState<string | null>(null);
  const revoke = async (id: number) => {
    setError(null);
    try {
      await api.revokeEnrolmentToken(id);
      list.reload();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <section aria-labelledby="strings-title">
      <h2 id="strings-title">Enrolment strings</h2>
      <p className="muted">A revoked, expired or used-up string enrols nothing. Devices already enrolled with it stay enrolled.</p>
      {(error ?? list.error) && <Notice kind="error">{error ?? list.error}</Notice>}
      {!list.data ? (
        !list.error && <Loading />
      ) : list.data.length === 0 ? (
        <p>No enrolment strings yet.</p>
      ) : (
        <table className="data data--compact">
          <thead>
            <tr>
              <th scope="col">Made</th>
              <th scope="col">By</th>
              <th scope="col">Uses left</th>
              <th scope="col">Expires</th>
              <th scope="col">State</th>
              <th scope="col">
                <span className="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((t) => (
              <tr key={t.id}>
                <td>{formatDateTime(t.createdAt)}</td>
                <td>{t.createdBy.replace(/^user:/, '')}</td>
                <td>{t.usesLeft}</td>
                <td>{formatDateTime(t.expiresAt)}</td>
                <td>{STATE_WORDS[t.state]}</td>
                <td>
                  {t.state === 'active' && (
                    <button
                      type="button"
                      className="button button--quiet"
                      onClick={() => void revoke(t.id)}
                      aria-label={`Revoke the string made ${formatDateTime(t.createdAt)}`}
                    >
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
