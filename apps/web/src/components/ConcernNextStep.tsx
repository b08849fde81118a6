import { useState, type FormEvent } from 'react';
import type { ConcernDetail } from '@safefleet/protocol';
import { ApiError } from '../api/client';
import { api } from '../api/endpoints';
import { NEXT_STEP_TITLES, nextStep, stepErrorWords, type NextStep } from '../lib/concerns';
import { Field, Notice } from './Field';

const HELP: Record<NextStep, string> = {
  assess: 'Step 2 of 4. Write down what you know and how serious it is. The time it took to assess is recorded.',
  action: 'Step 3 of 4. Write down what was done about it, and whether you referred it to another agency.',
  close: 'Step 4 of 4. Close the concern when nothing more needs doing. It stays in the log.',
};

/** YYYY-MM-DD today in the viewer's calendar. */
function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * The ONE next step a concern can take, by its status: Logged → record assessment, Assessed →
 * record actions taken (and any referral), Action taken → close. A refusal (409: someone moved it
 * on meanwhile; 403: role) is shown in plain words and the page reloads the concern.
 */
export function ConcernNextStep({
  concern,
  onDone,
  onRefused,
}: {
  concern: ConcernDetail;
  onDone: (c: ConcernDetail) => void;
  /** 409: the concern moved on meanwhile. The page shows `words` and loads the concern again (this form is replaced). */
  onRefused: (words: string) => void;
}) {
  const step = nextStep(concern.status);
  const [text, setText] = useState('');
  const [referral, setReferral] = useState<'no' | 'yes'>('no');
  const [to, setTo] = useState('');
  const [reference, setReference] = useState('');
  const [referredOn, setReferredOn] = useState(today());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!step) return null;

  const check = (): Record<string, string> => {
    const e: Record<string, string> = {};
    if (step === 'assess' && !text.trim()) e.text = 'Write your assessment.';
    if (step === 'action' && !text.trim()) e.text = 'Write what was done.';
    if (step === 'action' && referral === 'yes' && !to.trim()) e.to = 'Say who the referral was made to.';
    return e;
  };

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    const e = check();
    setErrors(e);
    setFailure(null);
    if (Object.keys(e).length > 0) return;
    setBusy(true);
    try {
      const next =
        step === 'assess'
          ? await api.assessConcern(concern.id, text.trim())
          : step === 'action'
            ? await api.actionConcern(concern.id, {
                actionsTaken: text.trim(),
                referral:
                  referral === 'yes'
                    ? {
                        made: true,
                        to: to.trim(),
                        reference: reference.trim() || null,
                        at: referredOn ? new Date(`${referredOn}T12:00`).toISOString() : null,
                      }
                    : { made: false },
              })
            : await api.closeConcern(concern.id, text.trim());
      setText('');
      onDone(next);
    } catch (err) {
      const status = err instanceof ApiError ? err.status : 0;
      const words = stepErrorWords(status, err instanceof Error ? err.message : String(err));
      if (status === 409) onRefused(words);
      else setFailure(words);
    } finally {
      setBusy(false);
    }
  };

  const label = step === 'assess' ? 'Your assessment' : step === 'action' ? 'Actions taken' : 'Outcome (optional)';
  const hint =
    step === 'assess'
      ? 'What you know, the risk to the child or young person, and what needs to happen next.'
      : step === 'action'
        ? 'What was done and by whom, e.g. spoke to the keeper, app removed, parents told.'
        : 'How it ended, and anything to remember.';
  const button = step === 'assess' ? 'Save assessment' : step === 'action' ? 'Save actions taken' : 'Close the concern';

  return (
    <form className="card next-step" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="next-step-title" data-step={step}>
      <h2 id="next-step-title">Next step: {NEXT_STEP_TITLES[step]}</h2>
      <p className="muted">{HELP[step]}</p>
      {failure && <Notice kind="error">{failure}</Notice>}
      <Field label={label} hint={hint} error={errors.text ?? null}>
        {(p) => <textarea {...p} rows={5} maxLength={10000} value={text} onChange={(e) => setText(e.target.value)} />}
      </Field>
      {step === 'action' && (
        <fieldset className="referral">
          <legend>Was a referral made to another agency?</legend>
          <label className="check">
            <input type="radio" name="referral" checked={referral === 'no'} onChange={() => setReferral('no')} /> No referral
          </label>
          <label className="check">
            <input type="radio" name="referral" checked={referral === 'yes'} onChange={() => setReferral('yes')} /> Yes, a referral was made
          </label>
          {referral === 'yes' && (
            <div className="field--nested">
              <Field
                label="Who was it made to?"
                hint="e.g. the local authority’s children’s services, the LADO, the police."
                error={errors.to ?? null}
              >
                {(p) => <input {...p} maxLength={500} value={to} onChange={(e) => setTo(e.target.value)} />}
              </Field>
              <div className="row">
                <Field label="Their reference (if any)">
                  {(p) => <input {...p} maxLength={500} value={reference} onChange={(e) => setReference(e.target.value)} />}
                </Field>
                <Field label="Date of the referral">
                  {(p) => <input {...p} type="date" value={referredOn} onChange={(e) => setReferredOn(e.target.value)} />}
                </Field>
              </div>
            </div>
          )}
        </fieldset>
      )}
      <button type="submit" className="button button--primary" disabled={busy}>
        {busy ? 'Saving…' : button}
      </button>
    </form>
  );
}

/** "Add a note" at any time, in any state. */
export function ConcernNoteForm({ concernId, onDone }: { concernId: number; onDone: (c: ConcernDetail) => void }) {
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!note.trim()) return setError('Write the note first.');
    setError(null);
    setBusy(true);
    try {
      onDone(await api.addConcernNote(concernId, note.trim()));
      setNote('');
    } catch (err) {
      setError(stepErrorWords(err instanceof ApiError ? err.status : 0, err instanceof Error ? err.message : String(err)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="note-title">
      <h2 id="note-title">Add a note</h2>
      <Field label="Note" hint="Anything to add to the record, at any time, e.g. a phone call or a new detail." error={error}>
        {(p) => <textarea {...p} rows={3} maxLength={10000} value={note} onChange={(e) => setNote(e.target.value)} />}
      </Field>
      <button type="submit" className="button" disabled={busy}>
        {busy ? 'Saving…' : 'Add note'}
      </button>
    </form>
  );
}
