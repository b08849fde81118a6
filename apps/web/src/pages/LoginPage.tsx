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
  // Two-step sign-in: the password was right; the code from the authenticator app comes next.
  const [challenge, setChallenge] = useState<string | null>(null);
  const [code, setCode] = useState('');

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
      const result = challenge ? await api.loginTotp({ challenge, code: code.trim() }) : await api.login({ email: email.trim(), password });
      if ('totpRequired' in result) {
        setChallenge(result.challenge);
        setBusy(false);
        return;
      }
      const { user } = result;
      const me = await api.me().catch(() => ({ user }));
      onSignedIn(me);
    } catch (err) {
      // An expired or used-up challenge: back to the password.
      if (challenge && /expired|password again/.test(err instanceof Error ? err.message : '')) {
        setChallenge(null);
        setCode('');
      }
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
        {challenge ? (
          <form onSubmit={(e) => void submit(e)} noValidate>
            <p>Two-step sign-in is on for this account. Open your authenticator app and type the 6-digit code it shows for Safefleet.</p>
            <Field
              label="Code from your app"
              hint="Lost your phone? Type one of your recovery codes instead, or ask another IT lead to turn two-step sign-in off."
            >
              {(p) => (
                <input
                  {...p}
                  name="code"
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  // biome-ignore lint/a11y/noAutofocus: the code is the only thing this step asks for
                  autoFocus
                  required
                  value={code}
                  onChange={(e) => setCode(e.target.value)}
                />
              )}
            </Field>
            <button type="submit" className="button button--primary" disabled={busy || code.trim() === ''}>
              {busy ? 'Checking…' : 'Sign in'}
            </button>{' '}
            <button
              type="button"
              className="button"
              onClick={() => {
                setChallenge(null);
                setCode('');
                setError(null);
              }}
            >
              Start again
            </button>
          </form>
        ) : (
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
        )}
      </div>
    </main>
  );
}
