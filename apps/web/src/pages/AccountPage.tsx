import { useState, type FormEvent } from 'react';
import { CONSOLE_PASSWORD_MIN_LENGTH, USER_ROLE_LABELS } from '@safefleet/protocol';
import { api } from '../api/endpoints';
import { Field, Notice } from '../components/Field';
import { usePageTitle } from '../components/Layout';
import { TwoStepSignIn } from '../components/TwoStepSignIn';
import { useSession } from '../session';

/** The signed-in user's own account: who they are and a password change. */
export function AccountPage() {
  usePageTitle('Your account');
  const { user } = useSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [notice, setNotice] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (next.length < CONSOLE_PASSWORD_MIN_LENGTH)
      return setNotice({ kind: 'error', text: `The new password needs at least ${CONSOLE_PASSWORD_MIN_LENGTH} characters.` });
    if (next !== again) return setNotice({ kind: 'error', text: 'The two new passwords are not the same.' });
    setBusy(true);
    setNotice(null);
    try {
      await api.changePassword({ currentPassword: current, newPassword: next });
      setCurrent('');
      setNext('');
      setAgain('');
      setNotice({ kind: 'success', text: 'Password changed. Other places where you were signed in have been signed out.' });
    } catch (err) {
      setNotice({ kind: 'error', text: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1>Your account</h1>
      <dl className="facts-list">
        <dt>Email</dt>
        <dd>{user.email}</dd>
        <dt>Role</dt>
        <dd>{USER_ROLE_LABELS[user.role]}</dd>
      </dl>
      <form className="card narrow" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="pw-title">
        <h2 id="pw-title">Change your password</h2>
        {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
        <Field label="Current password">
          {(p) => <input {...p} type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />}
        </Field>
        <Field label="New password" hint={`At least ${CONSOLE_PASSWORD_MIN_LENGTH} characters. A few unrelated words work well.`}>
          {(p) => <input {...p} type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} />}
        </Field>
        <Field label="New password again">
          {(p) => <input {...p} type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} />}
        </Field>
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Changing…' : 'Change password'}
        </button>
      </form>
      <TwoStepSignIn />
    </>
  );
}
