import { useState, type FormEvent } from 'react';
import type { DeviceDetail, Keeper, KeeperRole } from '@safefleet/protocol';
import { api } from '../api/endpoints';
import { Field, Notice } from './Field';

/** Keeper name, email and role; editable by the IT lead (PATCH /api/devices/:id). */
export function KeeperEditor({
  device,
  roles,
  editable,
  onSaved,
}: {
  device: DeviceDetail;
  roles: KeeperRole[];
  editable: boolean;
  onSaved: (d: DeviceDetail) => void;
}) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<Keeper>(device.keeper ?? { name: '', email: '', role: '' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const k = device.keeper;

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const keeper = draft.name.trim() ? { name: draft.name.trim(), email: draft.email.trim(), role: draft.role.trim() } : null;
      onSaved(await api.updateDevice(device.id, { keeper }));
      setEditing(false);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  if (!editing) {
    return (
      <div className="keeper">
        <dl className="facts-list">
          <dt>Keeper</dt>
          <dd data-testid="keeper-name">{k?.name || <span className="muted">No keeper recorded</span>}</dd>
          <dt>Email</dt>
          <dd>{k?.email ? <a href={`mailto:${k.email}`}>{k.email}</a> : <span className="muted">—</span>}</dd>
          <dt>Role</dt>
          <dd>{k?.role || <span className="muted">—</span>}</dd>
        </dl>
        {editable && (
          <button
            type="button"
            className="button"
            onClick={() => {
              setDraft(device.keeper ?? { name: '', email: '', role: '' });
              setEditing(true);
            }}
          >
            Change keeper
          </button>
        )}
      </div>
    );
  }
  const listId = `roles-${device.id}`;
  return (
    <form className="keeper keeper--editing" onSubmit={(e) => void save(e)} aria-label="Change keeper">
      {error && <Notice kind="error">{error}</Notice>}
      <Field label="Keeper’s name" hint="Leave empty to record that the device has no keeper.">
        {(p) => <input {...p} value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} autoComplete="off" />}
      </Field>
      <Field label="Keeper’s email">
        {(p) => <input {...p} type="email" value={draft.email} onChange={(e) => setDraft({ ...draft, email: e.target.value })} autoComplete="off" />}
      </Field>
      <Field label="Keeper’s role" hint="Exceptions for a role apply to every device whose keeper has it.">
        {(p) => <input {...p} list={listId} value={draft.role} onChange={(e) => setDraft({ ...draft, role: e.target.value })} autoComplete="off" />}
      </Field>
      <datalist id={listId}>
        {roles.map((r) => (
          <option key={r.id} value={r.name} />
        ))}
      </datalist>
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save keeper'}
        </button>
        <button type="button" className="button button--quiet" onClick={() => setEditing(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
