import { useState, type FormEvent } from 'react';
import { sameRoleName, type CatalogueApp, type ExceptionRecord, type KeeperRole } from '@safefleet/protocol';
import { api } from '../api/endpoints';
import { formatDate } from '../lib/format';
import { AppPicker, appNames } from './AppPicker';
import { Field, Notice } from './Field';

/** Whether each of a role's apps is allowed now by an active exception for the role. */
function coverage(role: KeeperRole, exceptions: ExceptionRecord[]) {
  return role.allowedAppIds.map((id) => {
    const e = exceptions
      .filter((x) => x.state === 'active' && x.scope.kind === 'role' && sameRoleName(x.scope.role, role.name) && x.appIds.includes(id))
      .sort((a, b) => b.expiresAt.localeCompare(a.expiresAt))[0];
    return { id, until: e?.expiresAt ?? null };
  });
}

/** Keeper roles: what each may need and whether an exception allows it. The IT lead adds, edits and removes them. */
export function RolesSection({
  roles,
  exceptions,
  catalogue,
  canManage,
  canExcept,
  onChanged,
  onPropose,
}: {
  roles: KeeperRole[];
  exceptions: ExceptionRecord[];
  catalogue: CatalogueApp[];
  canManage: boolean;
  canExcept: boolean;
  onChanged: () => void;
  onPropose: (role: string, appIds: string[]) => void;
}) {
  const [editing, setEditing] = useState<number | 'new' | null>(null);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [apps, setApps] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);

  const open = (r: KeeperRole | null) => {
    setEditing(r ? r.id : 'new');
    setName(r?.name ?? '');
    setDescription(r?.description ?? '');
    setApps(r?.allowedAppIds ?? []);
    setError(null);
  };
  const run = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      setEditing(null);
      onChanged();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  const save = (e: FormEvent) => {
    e.preventDefault();
    if (editing === 'new') {
      if (!name.trim()) return setError('Give the role a name.');
      void run(() => api.createRole({ name: name.trim(), description: description.trim(), allowedAppIds: apps }));
    } else if (editing !== null) void run(() => api.updateRole(editing, { description: description.trim(), allowedAppIds: apps }));
  };

  const form = (
    <form className="card role-form" onSubmit={save} aria-label={editing === 'new' ? 'New keeper role' : 'Change keeper role'}>
      {editing === 'new' ? (
        <Field label="Role name" hint="As you will type it for a keeper, e.g. Social media officer.">
          {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
      ) : (
        <h3>{name}</h3>
      )}
      <Field label="What the role does">
        {(p) => <textarea {...p} rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />}
      </Field>
      <AppPicker legend="Apps this role may need" catalogue={catalogue} selected={apps} onChange={setApps} />
      <p className="muted small">Listing apps here does not allow them: approve an exception for the role to do that.</p>
      <div className="actions">
        <button type="submit" className="button button--primary">
          Save role
        </button>
        <button type="button" className="button button--quiet" onClick={() => setEditing(null)}>
          Cancel
        </button>
      </div>
    </form>
  );

  return (
    <>
      {error && <Notice kind="error">{error}</Notice>}
      {roles.length === 0 && <p>No keeper roles yet.</p>}
      <ul className="roles">
        {roles.map((r) =>
          editing === r.id ? (
            <li key={r.id}>{form}</li>
          ) : (
            <li key={r.id} className="role">
              <h3>{r.name}</h3>
              {r.description && <p>{r.description}</p>}
              <p className="muted small">
                {r.deviceCount} device{r.deviceCount === 1 ? '' : 's'} with a keeper in this role.
              </p>
              {r.allowedAppIds.length > 0 && (
                <ul className="role__apps">
                  {coverage(r, exceptions).map((c) => (
                    <li key={c.id}>
                      {appNames([c.id], catalogue)}:{' '}
                      {c.until ? `allowed by exception until ${formatDate(c.until)}` : <strong>not yet allowed</strong>}
                    </li>
                  ))}
                </ul>
              )}
              <div className="actions">
                {canExcept && coverage(r, exceptions).some((c) => !c.until) && (
                  <button
                    type="button"
                    className="button"
                    onClick={() =>
                      onPropose(
                        r.name,
                        coverage(r, exceptions)
                          .filter((c) => !c.until)
                          .map((c) => c.id),
                      )
                    }
                  >
                    Approve an exception for this role…
                  </button>
                )}
                {canManage && (
                  <>
                    <button type="button" className="button button--quiet" onClick={() => open(r)}>
                      Change
                    </button>
                    <button type="button" className="button button--quiet" onClick={() => void run(() => api.deleteRole(r.id))}>
                      Remove<span className="visually-hidden"> role {r.name}</span>
                    </button>
                  </>
                )}
              </div>
            </li>
          ),
        )}
      </ul>
      {canManage &&
        (editing === 'new' ? (
          form
        ) : (
          <button type="button" className="button" onClick={() => open(null)}>
            Add a keeper role
          </button>
        ))}
    </>
  );
}
