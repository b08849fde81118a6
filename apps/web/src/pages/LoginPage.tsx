import { useEffect, useState, type FormEvent } from 'react';
import { FIRST_RUN_EMAIL, type MeResponse } from '@safefleet/protocol';
import { api } from '../api/endpoints';
import { Field, Notice } from '../components/Field';
import { usePageTitle } from '../components/Layout';

/** Sign-in. Shows where the first password is while the console still has only its first-start account. */
export function LoginPage({ message, onSignedIn }: { message?: string; onSignedIn: (me: MeResponse) => void }) {
  usePageTitle('Sign in');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [firstRun, setFirstRun] = useState(false);

  useEffect(() => {
    api.firstRun().then(
      (r) => setFirstRun(r.firstRun),
      () => setFirstRun(false),
    );
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { user } = await api.login({ email: email.trim(), password });
      const me = await api.me().catch(() => ({ user }));
      onSignedIn(me);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };

  return (
    <main id="main" className="login">
      <div className="login__card">
        <p className="brand brand--big">
          <svg viewBox="0 0 16 16" width="28" height="28" aria-hidden="true">
            <path d="M8 1 2 3.5v4C2 11 4.6 14 8 15c3.4-1 6-4 6-7.5v-4z" fill="currentColor" />
          </svg>
          Safefleet
        </p>
        <h1>Sign in</h1>
        {message && !error && <Notice kind="info">{message}</Notice>}
        {error && <Notice kind="error">{error}</Notice>}
        {firstRun && (
          <Notice kind="info">
            <strong>First start?</strong> Sign in as <code>{FIRST_RUN_EMAIL}</code> with the password the console printed when it first started (or
            the one set in <code>SAFEFLEET_ADMIN_PASSWORD</code>).
          </Notice>
        )}
        <form onSubmit={(e) => void submit(e)} noValidate>
          <Field label="Email">
            {(p) => (
              <input
                {...p}
                type="email"
                name="email"
                autoComplete="username"
                // biome-ignore lint/a11y/noAutofocus: signing in is the only thing this page is for, and it starts in this field
                autoFocus
                required
                value={email}
                onChange={(e) => setEmail(e.target.value)}
              />
            )}
          </Field>
          <Field label="Password">
            {(p) => (
              <input
                {...p}
                type="password"
                name="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            )}
          </Field>
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      </div>
    </main>
  );
}
