import { useState, type FormEvent } from 'react';
import type { EnrolmentToken } from '@safefleet/protocol';
import { api } from '../api/endpoints';
import { CopyBox } from '../components/CopyBox';
import { Field, Notice } from '../components/Field';
import { usePageTitle } from '../components/Layout';
import { formatDateTime } from '../lib/format';
import { installCommands } from '../lib/install-commands';
import { can } from '../lib/permissions';
import { Link } from '../router';
import { useSession } from '../session';

const VALIDITY: Array<[number, string]> = [
  [24, '1 day'],
  [24 * 7, '7 days'],
  [24 * 30, '30 days'],
];

/** Create an enrolment string and show the commands that install the agent with it on each OS. */
export function EnrolmentPage() {
  usePageTitle('Enrol devices');
  const { user } = useSession();
  const [uses, setUses] = useState(1);
  const [hours, setHours] = useState(24 * 7);
  const [token, setToken] = useState<EnrolmentToken | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (!can(user, 'enrol')) {
    return (
      <>
        <h1>Enrol devices</h1>
        <p>Only the IT lead can enrol devices.</p>
      </>
    );
  }

  const create = async (e: FormEvent) => {
    e.preventDefault();
    if (!Number.isInteger(uses) || uses < 1 || uses > 10_000) return setError('Choose how many devices may use it: 1 to 10,000.');
    setBusy(true);
    setError(null);
    try {
      setToken(await api.createEnrolmentToken({ uses, expiresInHours: hours }));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1>Enrol devices</h1>
      <p className="lede">
        An enrolment string lets a device join this console. Make one, then run the commands below on the device as an administrator.
        The device appears under <Link to="/devices">Devices</Link> after its first report, usually within seconds.
      </p>
      <form className="card row" onSubmit={(e) => void create(e)} noValidate aria-label="New enrolment string">
        <Field label="How many devices may use it">
          {(p) => <input {...p} type="number" min={1} max={10_000} value={Number.isNaN(uses) ? '' : uses} onChange={(e) => setUses(e.target.valueAsNumber)} />}
        </Field>
        <Field label="Valid for">
          {(p) => (
            <select {...p} value={hours} onChange={(e) => setHours(Number(e.target.value))}>
              {VALIDITY.map(([h, words]) => (
                <option key={h} value={h}>
                  {words}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create enrolment string'}
        </button>
      </form>
      {error && <Notice kind="error">{error}</Notice>}
      {token && (
        <section aria-labelledby="token-title" className="card">
          <h2 id="token-title">Enrolment string</h2>
          <Notice kind="success">
            Usable by {token.usesLeft} device{token.usesLeft === 1 ? '' : 's'} until {formatDateTime(token.expiresAt)}. It is shown only now: copy
            it before leaving this page. Anyone with it can enrol a device, so send it privately.
          </Notice>
          <CopyBox label="enrolment string" text={token.enrolmentString} />
          <h2>Install and enrol</h2>
          <p className="muted">
            On the device, with the Safefleet agent’s files in place (see the README, “Enrol another machine”), open a terminal as an
            administrator in that folder and run the command below. It enrols the device and installs the agent as a background
            service that starts with the computer; the device appears here after its first report.
          </p>
          <div className="install">
            {installCommands(token.enrolmentString).map((c) => (
              <section key={c.platform} aria-label={c.title}>
                <h3>{c.title}</h3>
                <p className="small">{c.where}</p>
                <CopyBox label={`${c.title} commands`} text={c.command} multiline />
              </section>
            ))}
          </div>
        </section>
      )}
    </>
  );
}
