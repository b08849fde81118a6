import { useState, type FormEvent } from 'react';
import {
  RISK_ASSESSMENT_MIN_LENGTH,
  defaultExceptionExpiry,
  type CatalogueApp,
  type DeviceSummary,
  type ExceptionRecord,
  type KeeperRole,
} from '@safefleet/protocol';
import { api } from '../api/endpoints';
import { AppPicker } from './AppPicker';
import { Field, Notice } from './Field';

export interface ExceptionDraft {
  kind: 'role' | 'device';
  role: string;
  deviceId: string;
  appIds: string[];
}

/** YYYY-MM-DD in the viewer's own calendar. */
function localDay(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** Approve an exception: apps, who it covers, a written risk assessment, the approver, and an end date. */
export function ExceptionForm({
  initial,
  catalogue,
  roles,
  devices,
  approver,
  onCreated,
}: {
  initial: ExceptionDraft;
  catalogue: CatalogueApp[];
  roles: KeeperRole[];
  devices: DeviceSummary[];
  approver: string;
  onCreated: (e: ExceptionRecord) => void;
}) {
  const [draft, setDraft] = useState<ExceptionDraft>(initial);
  const [risk, setRisk] = useState('');
  const [approvedBy, setApprovedBy] = useState(approver);
  const [expires, setExpires] = useState(localDay(defaultExceptionExpiry(new Date())));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const check = (): Record<string, string> => {
    const e: Record<string, string> = {};
    if (draft.appIds.length === 0) e.apps = 'Choose at least one app.';
    if (draft.kind === 'role' && !draft.role.trim()) e.scope = 'Choose or type the keeper role.';
    if (draft.kind === 'device' && !draft.deviceId) e.scope = 'Choose the device.';
    if (risk.trim().length < RISK_ASSESSMENT_MIN_LENGTH) e.risk = `Write the risk assessment (at least ${RISK_ASSESSMENT_MIN_LENGTH} characters).`;
    if (!approvedBy.trim()) e.approvedBy = 'Say who approved it.';
    if (!expires || new Date(`${expires}T23:59:59`) <= new Date()) e.expires = 'Choose an end date in the future.';
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
      const created = await api.createException({
        appIds: draft.appIds,
        scope: draft.kind === 'role' ? { kind: 'role', role: draft.role.trim() } : { kind: 'device', deviceId: draft.deviceId },
        riskAssessment: risk.trim(),
        approvedBy: approvedBy.trim(),
        expiresAt: `${expires}T23:59:59.000Z`,
      });
      setRisk('');
      setDraft({ ...draft, appIds: [] });
      onCreated(created);
    } catch (err) {
      setFailure(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card exception-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="new-exception-title">
      <h2 id="new-exception-title" tabIndex={-1}>
        Approve an exception
      </h2>
      <p className="muted">
        Allows named apps for everyone with a keeper role, or for one device, until the end date. It is recorded in the activity log.
      </p>
      {failure && <Notice kind="error">{failure}</Notice>}
      {errors.apps && <p className="field__error">{errors.apps}</p>}
      <AppPicker legend="Apps to allow" catalogue={catalogue} selected={draft.appIds} onChange={(appIds) => setDraft({ ...draft, appIds })} />
      <fieldset className="scope">
        <legend>Who it covers</legend>
        {errors.scope && <p className="field__error">{errors.scope}</p>}
        <label className="check">
          <input type="radio" name="scope" checked={draft.kind === 'role'} onChange={() => setDraft({ ...draft, kind: 'role' })} />
          Everyone whose keeper role is…
        </label>
        {draft.kind === 'role' && (
          <Field label="Keeper role" className="field--nested">
            {(p) => (
              <>
                <input
                  {...p}
                  list="exception-roles"
                  value={draft.role}
                  onChange={(e) => setDraft({ ...draft, role: e.target.value })}
                  autoComplete="off"
                />
                <datalist id="exception-roles">
                  {roles.map((r) => (
                    <option key={r.id} value={r.name} />
                  ))}
                </datalist>
              </>
            )}
          </Field>
        )}
        <label className="check">
          <input type="radio" name="scope" checked={draft.kind === 'device'} onChange={() => setDraft({ ...draft, kind: 'device' })} />
          One device
        </label>
        {draft.kind === 'device' && (
          <Field label="Device" className="field--nested">
            {(p) => (
              <select {...p} value={draft.deviceId} onChange={(e) => setDraft({ ...draft, deviceId: e.target.value })}>
                <option value="">Choose a device</option>
                {devices.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.hostname}
                    {d.keeper?.name ? ` — ${d.keeper.name}` : ''}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
      </fieldset>
      <Field
        label="Risk assessment"
        hint="Why the keeper needs these apps, the risks to children and young people, and how they are reduced."
        error={errors.risk ?? null}
      >
        {(p) => <textarea {...p} rows={5} value={risk} onChange={(e) => setRisk(e.target.value)} />}
      </Field>
      <p className="muted small" aria-live="polite">
        {risk.trim().length} characters{risk.trim().length < RISK_ASSESSMENT_MIN_LENGTH ? ` (at least ${RISK_ASSESSMENT_MIN_LENGTH})` : ''}
      </p>
      <div className="row">
        <Field label="Approved by" hint="The person who approved it, e.g. the DSL." error={errors.approvedBy ?? null}>
          {(p) => <input {...p} value={approvedBy} onChange={(e) => setApprovedBy(e.target.value)} />}
        </Field>
        <Field label="Ends on" hint="Usually one year. After this date the apps are not allowed again." error={errors.expires ?? null}>
          {(p) => <input {...p} type="date" value={expires} onChange={(e) => setExpires(e.target.value)} />}
        </Field>
      </div>
      <button type="submit" className="button button--primary" disabled={busy}>
        {busy ? 'Saving…' : 'Approve exception'}
      </button>
    </form>
  );
}
