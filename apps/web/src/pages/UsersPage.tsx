import { useState, type FormEvent } from 'react';
import { CONSOLE_PASSWORD_MIN_LENGTH, USER_ROLE_LABELS, USER_ROLES, type ConsoleUser, type SessionUser, type UserRole } from '@safefleet/protocol';
import { api } from '../api/endpoints';
import { useResource } from '../api/use-resource';
import { Field, Loading, Notice } from '../components/Field';
import { usePageTitle } from '../components/Layout';
import { Table, type Column } from '../components/Table';
import { formatDateTime } from '../lib/format';
import { can } from '../lib/permissions';
import { useSession } from '../session';

const ROLE_HELP: Record<UserRole, string> = {
  admin: 'changes everything: devices, policy, users',
  dsl: 'sees everything and approves exceptions',
  viewer: 'sees everything, changes nothing',
  provider: 'looks after several charities: does what the IT lead does, sees open concerns only as a number',
};

/** The roles a person may give: only a provider may make someone a provider (the server refuses others). */
function rolesFor(me: SessionUser, current?: UserRole): UserRole[] {
  return USER_ROLES.filter((r) => r !== 'provider' || can(me, 'grant-provider') || r === current);
}

/** Console users (IT lead only): add, change role, set a new password, remove. */
export function UsersPage() {
  usePageTitle('Users');
  const { user: me, organisation, organisations } = useSession();
  const severalOrganisations = organisations.length > 1;
  const users = useResource(() => api.users(), can(me, 'manage-users') ? 'y' : 'n');
  const [notice, setNotice] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<UserRole>('viewer');
  const [password, setPassword] = useState('');
  const [resetFor, setResetFor] = useState<number | null>(null);
  const [newPassword, setNewPassword] = useState('');
  const [confirmRemove, setConfirmRemove] = useState<number | null>(null);

  if (!can(me, 'manage-users')) {
    return (
      <>
        <h1>Users</h1>
        <p>Only the IT lead can manage console users.</p>
      </>
    );
  }

  const run = async (fn: () => Promise<unknown>, done: string) => {
    setNotice(null);
    try {
      await fn();
      setNotice({ kind: 'success', text: done });
      users.reload();
      return true;
    } catch (err) {
      setNotice({ kind: 'error', text: err instanceof Error ? err.message : String(err) });
      return false;
    }
  };

  const add = async (e: FormEvent) => {
    e.preventDefault();
    // Someone who already signs in for another organisation joins this one with their own password.
    const joining = severalOrganisations && password === '';
    if (!joining && password.length < CONSOLE_PASSWORD_MIN_LENGTH)
      return setNotice({ kind: 'error', text: `The password needs at least ${CONSOLE_PASSWORD_MIN_LENGTH} characters.` });
    if (
      await run(
        () => api.createUser({ email: email.trim().toLowerCase(), role, ...(joining ? {} : { password }) }),
        joining
          ? `Added ${email.trim()} to ${organisation?.name ?? 'this organisation'}. They sign in with the password they already have.`
          : `Added ${email.trim()}. Give them their password in person or by phone.`,
      )
    ) {
      setEmail('');
      setPassword('');
    }
  };

  const columns: Column<ConsoleUser, string>[] = [
    {
      key: 'email',
      label: 'Email',
      rowHeader: true,
      render: (u) => (
        <>
          {u.email}
          {u.id === me.id && <span className="muted"> (you)</span>}
        </>
      ),
    },
    {
      key: 'role',
      label: 'Role',
      render: (u) => (
        <select
          aria-label={`Role of ${u.email}`}
          value={u.role}
          // Only a provider may take the provider role away (the server answers 403).
          disabled={u.role === 'provider' && !can(me, 'grant-provider')}
          onChange={(e) =>
            void run(
              () => api.updateUser(u.id, { role: e.target.value as UserRole }),
              `${u.email} is now ${USER_ROLE_LABELS[e.target.value as UserRole]}.`,
            )
          }
        >
          {rolesFor(me, u.role).map((r) => (
            <option key={r} value={r}>
              {USER_ROLE_LABELS[r]}
            </option>
          ))}
        </select>
      ),
    },
    { key: 'created', label: 'Added', render: (u) => formatDateTime(u.createdAt) },
    { key: 'last', label: 'Last signed in', render: (u) => (u.lastSignInAt ? formatDateTime(u.lastSignInAt) : 'Never') },
    { key: 'totp', label: 'Two-step sign-in', render: (u) => (u.totpEnabled ? 'On' : 'Off') },
    {
      key: 'actions',
      label: <span className="visually-hidden">Actions</span>,
      render: (u) =>
        resetFor === u.id ? (
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              void run(() => api.updateUser(u.id, { password: newPassword }), `New password set for ${u.email}.`).then(
                (ok) => ok && (setResetFor(null), setNewPassword('')),
              );
            }}
          >
            <label>
              New password for {u.email}{' '}
              <input
                type="password"
                autoComplete="new-password"
                minLength={CONSOLE_PASSWORD_MIN_LENGTH}
                value={newPassword}
                onChange={(e) => setNewPassword(e.target.value)}
              />
            </label>
            <button type="submit" className="button">
              Set
            </button>
            <button type="button" className="button button--quiet" onClick={() => setResetFor(null)}>
              Cancel
            </button>
          </form>
        ) : confirmRemove === u.id ? (
          <span className="actions">
            Remove {u.email}?
            <button
              type="button"
              className="button button--danger"
              // biome-ignore lint/a11y/noAutofocus: focus goes to the field the person just opened, as they expect
              autoFocus
              onClick={() => void run(() => api.deleteUser(u.id), `Removed ${u.email}.`).then(() => setConfirmRemove(null))}
            >
              Remove
            </button>
            <button type="button" className="button button--quiet" onClick={() => setConfirmRemove(null)}>
              Cancel
            </button>
          </span>
        ) : (
          <span className="actions">
            <button
              type="button"
              className="button button--quiet"
              onClick={() => {
                setResetFor(u.id);
                setNewPassword('');
              }}
            >
              Set password<span className="visually-hidden"> for {u.email}</span>
            </button>
            {u.totpEnabled && u.id !== me.id && (
              <button
                type="button"
                className="button button--quiet"
                onClick={() =>
                  void run(() => api.resetUserTotp(u.id), `Two-step sign-in turned off for ${u.email}: their password alone signs them in now.`)
                }
              >
                Turn off two-step sign-in<span className="visually-hidden"> for {u.email}</span>
              </button>
            )}
            {u.id !== me.id && (
              <button type="button" className="button button--quiet" onClick={() => setConfirmRemove(u.id)}>
                Remove<span className="visually-hidden"> {u.email}</span>
              </button>
            )}
          </span>
        ),
    },
  ];

  return (
    <>
      <h1>Users</h1>
      <p className="lede">
        {severalOrganisations && organisation
          ? `People who can sign in to ${organisation.name}, with their role there. `
          : 'People who can sign in to this console. '}
        {rolesFor(me)
          .map((r) => `${USER_ROLE_LABELS[r]}: ${ROLE_HELP[r]}`)
          .join('. ')}
        .
      </p>
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
      {users.error && <Notice kind="error">{users.error}</Notice>}
      {users.data ? <Table caption="Console users" captionHidden columns={columns} rows={users.data} rowKey={(u) => String(u.id)} /> : <Loading />}
      <form className="card" onSubmit={(e) => void add(e)} noValidate aria-labelledby="add-user-title">
        <h2 id="add-user-title">Add a user</h2>
        <div className="row">
          <Field label="Email">
            {(p) => <input {...p} type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} />}
          </Field>
          <Field label="Role">
            {(p) => (
              <select {...p} value={role} onChange={(e) => setRole(e.target.value as UserRole)}>
                {rolesFor(me).map((r) => (
                  <option key={r} value={r}>
                    {USER_ROLE_LABELS[r]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            label="Password"
            hint={
              severalOrganisations
                ? `At least ${CONSOLE_PASSWORD_MIN_LENGTH} characters. Leave it empty for someone who already signs in for another organisation.`
                : `At least ${CONSOLE_PASSWORD_MIN_LENGTH} characters.`
            }
          >
            {(p) => <input {...p} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />}
          </Field>
        </div>
        <button type="submit" className="button button--primary">
          Add user
        </button>
      </form>
    </>
  );
}
