import { useState, type FormEvent } from 'react';
import {
  defaultExceptionExpiry,
  RISK_LEVELS,
  TRIAGE_OUTCOME_LABELS,
  TRIAGE_OUTCOMES,
  type CatalogueResponse,
  type Concern,
  type RiskLevel,
  type TriageOutcome,
} from '@safefleet/protocol';
import { api } from '../api/endpoints';
import { useResource } from '../api/use-resource';
import { formatDateTime } from '../lib/format';
import { Link } from '../router';
import { Field, Notice } from './Field';

const RISK_WORDS: Record<RiskLevel, string> = { low: 'Low', medium: 'Medium', high: 'High' };
const day = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

function appWords(c: Concern, catalogue: CatalogueResponse | undefined): string {
  if (c.appIds.length === 0) return 'a safeguarding finding';
  return c.appIds.map((id) => catalogue?.find((a) => a.id === id)?.name ?? id).join(', ');
}

/**
 * Concerns raised automatically wait here for the DSL's decision, one or many at once: a
 * safeguarding concern (with a risk level), allowed for this role (creates the exception with its
 * risk assessment), or not a concern (with a reason).
 */
export function TriagePanel({ onDone }: { onDone: () => void }) {
  const waiting = useResource(() => api.concerns({ status: 'to-triage' }));
  const catalogue = useResource(() => api.catalogue());
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [outcome, setOutcome] = useState<TriageOutcome>('concern');
  const [risk, setRisk] = useState<RiskLevel | ''>('');
  const [assessment, setAssessment] = useState('');
  const [reason, setReason] = useState('');
  const [expires, setExpires] = useState(day(defaultExceptionExpiry(new Date())));
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const list = waiting.data ?? [];
  if (list.length === 0 && !done) return null;

  const toggle = (id: number, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const ids = [...selected].filter((id) => list.some((c) => c.id === id));
    if (ids.length === 0) return setError('Tick at least one concern.');
    if (outcome === 'concern' && !risk) return setError('Choose a risk level.');
    if (outcome === 'allowed' && !assessment.trim()) return setError('Write the risk assessment for the exception.');
    if (outcome === 'not-concern' && !reason.trim()) return setError('Say why this is not a concern.');
    setBusy(true);
    try {
      const res = await api.triageConcerns({
        ids,
        outcome,
        ...(outcome === 'concern' ? { riskLevel: risk as RiskLevel } : {}),
        ...(outcome === 'allowed' ? { riskAssessment: assessment.trim(), expiresAt: `${expires}T23:59:59.000Z` } : {}),
        ...(outcome === 'not-concern' ? { reason: reason.trim() } : {}),
      });
      const n = res.concerns.length;
      setDone(
        `${n} concern${n === 1 ? '' : 's'} triaged as “${TRIAGE_OUTCOME_LABELS[outcome]}”${res.exceptionIds.length ? `; ${res.exceptionIds.length} exception${res.exceptionIds.length === 1 ? '' : 's'} created` : ''}.`,
      );
      setSelected(new Set());
      waiting.reload();
      onDone();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card triage" aria-labelledby="triage-title" data-testid="triage">
      <h2 id="triage-title">Waiting for your triage ({list.length})</h2>
      {done && <Notice kind="success">{done}</Notice>}
      {list.length > 0 && (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <p className="muted small">
            Safefleet raised these from what it found on devices. Decide for one or many at once; nothing enters the concern log until you do.
          </p>
          <label className="check">
            <input
              type="checkbox"
              checked={selected.size === list.length}
              onChange={(e) => setSelected(e.target.checked ? new Set(list.map((c) => c.id)) : new Set())}
            />
            Select all {list.length}
          </label>
          <ul className="checks triage__list">
            {list.map((c) => (
              <li key={c.id}>
                <label className="check">
                  <input
                    type="checkbox"
                    checked={selected.has(c.id)}
                    onChange={(e) => toggle(c.id, e.target.checked)}
                    aria-label={`Concern ${c.id}`}
                  />
                  <span>
                    <strong>{appWords(c, catalogue.data)}</strong> on {c.hostname ?? 'a device'}
                    {c.keeperName ? ` (${c.keeperName})` : ''} <span className="muted small">· {formatDateTime(c.loggedAt)} · </span>
                    <Link to={`/concerns/${c.id}`}>Concern {c.id}</Link>
                  </span>
                </label>
              </li>
            ))}
          </ul>
          <fieldset>
            <legend>Decision</legend>
            {TRIAGE_OUTCOMES.map((o) => (
              <label key={o} className="check">
                <input type="radio" name="triage-outcome" value={o} checked={outcome === o} onChange={() => setOutcome(o)} />
                {TRIAGE_OUTCOME_LABELS[o]}
              </label>
            ))}
          </fieldset>
          {outcome === 'concern' && (
            <Field label="Risk level">
              {(p) => (
                <select {...p} value={risk} onChange={(e) => setRisk(e.target.value as RiskLevel)}>
                  <option value="">Choose…</option>
                  {RISK_LEVELS.map((r) => (
                    <option key={r} value={r}>
                      {RISK_WORDS[r]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          {outcome === 'allowed' && (
            <>
              <Field label="Risk assessment" hint="Why the keeper’s role needs these apps and how the risk is managed. Saved with each exception.">
                {(p) => <textarea {...p} rows={3} value={assessment} onChange={(e) => setAssessment(e.target.value)} />}
              </Field>
              <Field label="Allowed until">{(p) => <input {...p} type="date" value={expires} onChange={(e) => setExpires(e.target.value)} />}</Field>
            </>
          )}
          {outcome === 'not-concern' && (
            <Field label="Why it is not a concern">
              {(p) => <textarea {...p} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />}
            </Field>
          )}
          {error && <Notice kind="error">{error}</Notice>}
          <div className="actions">
            <button type="submit" className="button button--primary" disabled={busy}>
              {busy ? 'Saving…' : `Triage ${selected.size || ''} selected`.replace('  ', ' ')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
