import { useState, type FormEvent } from 'react';
import type { TotpSetupResponse } from '@safefleet/protocol';
import { api } from '../api/endpoints';
import { useResource } from '../api/use-resource';
import { formatDateTime } from '../lib/format';
import { Field, Loading, Notice } from './Field';

/**
 * Two-step sign-in on the Account page (IT lead and DSL): scan the QR code with an authenticator
 * app, confirm with a first code, keep the recovery codes; or turn it off with a current code.
 */
export function TwoStepSignIn() {
  const status = useResource(() => api.totpStatus());
  const [setup, setSetup] = useState<TotpSetupResponse | null>(null);
  const [recovery, setRecovery] = useState<string[] | null>(null);
  const [code, setCode] = useState('');
  const [notice, setNotice] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setNotice(null);
    try {
      await fn();
    } catch (err) {
      setNotice({ kind: 'error', text: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };
  const start = () =>
    run(async () => {
      setSetup(await api.totpSetup());
      setCode('');
    });
  const confirm = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const r = await api.totpConfirm(code.trim());
      setRecovery(r.recoveryCodes);
      setSetup(null);
      setCode('');
      status.reload();
    });
  };
  const disable = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await api.totpDisable(code.trim());
      setCode('');
      setRecovery(null);
      setNotice({ kind: 'success', text: 'Two-step sign-in is off. Your password alone signs you in again.' });
      status.reload();
    });
  };

  if (!status.data) return status.error ? <Notice kind="error">{status.error}</Notice> : <Loading />;
  if (!status.data.available) return null;
  const s = status.data;
  return (
    <section className="card narrow" aria-labelledby="totp-title">
      <h2 id="totp-title">Two-step sign-in</h2>
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
      {recovery && (
        <Notice kind="success">
          <p>
            <strong>Two-step sign-in is on.</strong> Keep these recovery codes somewhere safe (printed, or in a password manager). Each one signs you
            in once if you lose your phone. They are shown only now.
          </p>
          <ul className="recovery-codes" aria-label="Recovery codes">
            {recovery.map((c) => (
              <li key={c}>
                <code>{c}</code>
              </li>
            ))}
          </ul>
        </Notice>
      )}
      {s.enabled ? (
        <>
          <p>
            On since {s.enabledAt ? formatDateTime(s.enabledAt) : '—'}. Signing in asks for the code from your authenticator app.{' '}
            {s.recoveryCodesLeft} recovery code{s.recoveryCodesLeft === 1 ? '' : 's'} left.
          </p>
          <form onSubmit={disable} noValidate>
            <Field label="Code from your app (or a recovery code)" hint="Needed to turn two-step sign-in off.">
              {(p) => <input {...p} name="totp-off-code" autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.target.value)} />}
            </Field>
            <button type="submit" className="button" disabled={busy || code.trim() === ''}>
              Turn off two-step sign-in
            </button>
          </form>
        </>
      ) : setup ? (
        <form onSubmit={confirm} noValidate>
          <p>1. Scan this code with an authenticator app (Microsoft Authenticator, Google Authenticator, 1Password…).</p>
          <img
            className="totp-qr"
            src={`data:image/svg+xml;utf8,${encodeURIComponent(setup.qrSvg)}`}
            alt="QR code to add Safefleet to an authenticator app"
            width={200}
            height={200}
          />
          <p>
            Or type this key into the app: <code data-testid="totp-secret">{setup.secret.replace(/(.{4})/g, '$1 ').trim()}</code>
          </p>
          <Field label="2. Type the 6-digit code the app shows">
            {(p) => (
              <input
                {...p}
                name="totp-code"
                inputMode="numeric"
                autoComplete="one-time-code"
                value={code}
                onChange={(e) => setCode(e.target.value)}
              />
            )}
          </Field>
          <button type="submit" className="button button--primary" disabled={busy || code.trim() === ''}>
            Turn on two-step sign-in
          </button>
        </form>
      ) : (
        <>
          <p>
            Off. With it on, signing in also asks for a 6-digit code from an app on your phone, so a stolen password alone cannot open the
            safeguarding log.
          </p>
          <button type="button" className="button" disabled={busy} onClick={() => void start()}>
            Set up two-step sign-in
          </button>
        </>
      )}
    </section>
  );
}
