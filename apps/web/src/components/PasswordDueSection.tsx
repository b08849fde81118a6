import type { PasswordDueState } from '@safefleet/protocol';
import { api } from '../api/endpoints';
import { useResource } from '../api/use-resource';
import { formatDate } from '../lib/format';
import { accountDueWords, DUE_STATE_LABELS, notificationSteps, promptWords } from '../lib/prompts';
import { Notice } from './Field';

const STATE_CLASS: Record<PasswordDueState, string> = { ok: 'f-pass', 'due-soon': 'f-grace', overdue: 'f-fail', unknown: 'f-unknown' };
const STATE_ICON: Record<PasswordDueState, string> = { ok: '✓', 'due-soon': '◔', overdue: '✕', unknown: '?' };

/** Device detail: each account's "password due" date and the reminders sent about it. `version` reloads it. */
export function PasswordDueSection({ deviceId, version }: { deviceId: string; version: string }) {
  const due = useResource(() => api.passwordPrompts(deviceId), `${deviceId}|${version}`);
  const d = due.data;
  return (
    <section aria-labelledby="password-due-title">
      <h2 id="password-due-title">Password due</h2>
      {due.error && <Notice kind="error">{due.error}</Notice>}
      {!d && !due.error && <p className="loading">Loading…</p>}
      {d && (
        <div className="columns">
          <div className="card">
            <h3>Accounts on this device</h3>
            {d.accounts.length === 0 ? (
              <p>No personal accounts reported yet.</p>
            ) : (
              <ul className="plain-list">
                {d.accounts.map((a) => (
                  <li key={a.username}>
                    <strong>{a.username}</strong>{' '}
                    <span className={`badge badge--${STATE_CLASS[a.state]}`}>
                      <span aria-hidden="true">{STATE_ICON[a.state]}</span> {DUE_STATE_LABELS[a.state]}
                    </span>
                    <div>{accountDueWords(a)}</div>
                    {a.passwordLastSetAt && <div className="muted small">Last changed on {formatDate(a.passwordLastSetAt)}.</div>}
                  </li>
                ))}
              </ul>
            )}
          </div>
          <div className="card">
            <h3>Reminders sent</h3>
            {d.prompts.length === 0 ? (
              <p>No reminders have been sent about this device.</p>
            ) : (
              <ul className="plain-list" data-testid="prompt-history">
                {d.prompts.map((p) => (
                  <li key={p.id}>
                    {promptWords(p, d.keeperName)}
                    {p.agent === 'sent' && <span className="muted small"> {notificationSteps(p)}</span>}
                  </li>
                ))}
              </ul>
            )}
          </div>
        </div>
      )}
    </section>
  );
}
