import { useState, type FormEvent } from 'react';
import type { ConcernDetail, DeviceSummary } from '@safefleet/protocol';
import { api } from '../api/endpoints';
import { Field, Notice } from './Field';

/** "Open a concern by hand" (POST /api/concerns): what happened, and the device it is about if any. */
export function NewConcernForm({ devices, onCreated }: { devices: DeviceSummary[]; onCreated: (c: ConcernDetail) => void }) {
  const [summary, setSummary] = useState('');
  const [deviceId, setDeviceId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(null);
    if (!summary.trim()) return setError('Say what the concern is about.');
    setError(null);
    setBusy(true);
    try {
      onCreated(await api.createConcern({ summary: summary.trim(), ...(deviceId ? { deviceId } : {}) }));
    } catch (err) {
      setFailure(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const sorted = [...devices].sort((a, b) => a.hostname.localeCompare(b.hostname));
  return (
    <form className="card narrow-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="new-concern-title">
      <h2 id="new-concern-title">Open a concern by hand</h2>
      <p className="muted">
        For something Safefleet did not find itself, e.g. a worry someone told you about a laptop. It is logged now, with you as the person who logged
        it.
      </p>
      {failure && <Notice kind="error">{failure}</Notice>}
      <Field label="What is the concern?" hint="What happened, who told you, and when. Keep to the facts." error={error}>
        {(p) => <textarea {...p} rows={4} maxLength={4000} value={summary} onChange={(e) => setSummary(e.target.value)} />}
      </Field>
      <Field label="Device (if it is about one)">
        {(p) => (
          <select {...p} value={deviceId} onChange={(e) => setDeviceId(e.target.value)}>
            <option value="">Not about a particular device</option>
            {sorted.map((d) => (
              <option key={d.id} value={d.id}>
                {d.hostname}
                {d.keeper?.name ? ` — ${d.keeper.name}` : ''}
              </option>
            ))}
          </select>
        )}
      </Field>
      <button type="submit" className="button button--primary" disabled={busy}>
        {busy ? 'Logging…' : 'Log the concern'}
      </button>
    </form>
  );
}
