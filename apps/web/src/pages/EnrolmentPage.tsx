import { useState, type FormEvent } from 'react';
import type { EnrolmentToken } from '@safefleet/protocol';
import { api } from '../api/endpoints';
import { useResource } from '../api/use-resource';
import { CopyBox } from '../components/CopyBox';
import { EnrolmentStrings } from '../components/EnrolmentStrings';
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
  const { user, organisation, organisations } = useSession();
  const [uses, setUses] = useState(1);
  const [hours, setHours] = useState(24 * 7);
  const [token, setToken] = useState<EnrolmentToken | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const release = useResource(() => api.agentRelease());

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
        An enrolment string lets a device join this console. Make one, then run the commands below on the device as an administrator. The device
        appears under <Link to="/devices">Devices</Link> after its first report, usually within seconds.
      </p>
      {organisations.length > 1 && organisation && (
        <Notice kind="info">
          Strings made here enrol devices into <strong>{organisation.name}</strong>. To enrol another organisation’s devices, switch to it first
          (Organisation, at the top of the page).
        </Notice>
      )}
      <form className="card row" onSubmit={(e) => void create(e)} noValidate aria-label="New enrolment string">
        <Field label="How many devices may use it">
          {(p) => (
            <input
              {...p}
              type="number"
              min={1}
              max={10_000}
              value={Number.isNaN(uses) ? '' : uses}
              onChange={(e) => setUses(e.target.valueAsNumber)}
            />
          )}
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
      {release.data?.version && (
        <section aria-labelledby="updates-title" className="card">
          <h2 id="updates-title">Agent updates</h2>
          <p>
            This console serves Safefleet agent {release.data.version}. Installed agents update themselves to it (each checks the signature, size and
            SHA-256 first, and goes back to its old version if the new one cannot reach the console).{' '}
            {release.data.hold ? <strong>Updates are held: agents stay on the version they run.</strong> : null}
          </p>
          {release.data.refused.length > 0 && (
            <Notice kind="error">Not served: {release.data.refused.map((r) => `${r.file} (${r.why})`).join('; ')}</Notice>
          )}
          <button
            type="button"
            className="button"
            onClick={() =>
              void api.setAgentUpdateHold(!release.data!.hold).then(
                (d) => release.setData(() => d),
                (e: Error) => setError(e.message),
              )
            }
          >
            {release.data.hold ? 'Let agents update again' : 'Hold updates for every device'}
          </button>
        </section>
      )}
      {token && (
        <section aria-labelledby="token-title" className="card">
          <h2 id="token-title">Enrolment string</h2>
          <Notice kind="success">
            Usable by {token.usesLeft} device{token.usesLeft === 1 ? '' : 's'} until {formatDateTime(token.expiresAt)}. It is shown only now: copy it
            before leaving this page. Anyone with it can enrol a device, so send it privately.
          </Notice>
          <CopyBox label="enrolment string" text={token.enrolmentString} />
          <h2>Install and enrol</h2>
          {release.data?.version ? (
            <p className="muted">
              On the device, open a terminal as an administrator, paste the line for its operating system and press Enter. It downloads Safefleet
              agent {release.data.version} from this console, refuses it unless its SHA-256 is the one written in the line, installs it as a
              background service that starts with the computer, and enrols it; the device appears here after its first report.
            </p>
          ) : (
            <p className="muted">
              This console serves no agent programs yet (the IT lead runs <code>npm run dist:agent</code> on the console host). Until then, on the
              device, with the Safefleet agent’s files in place (see the README, “Enrol another machine”), open a terminal as an administrator in that
              folder and run the command below.
            </p>
          )}
          <div className="install">
            {installCommands(token.enrolmentString, release.data).map((c) => (
              <section key={c.platform} aria-label={c.title}>
                <h3>{c.title}</h3>
                <p className="small">{c.where}</p>
                <CopyBox label={`${c.title} commands`} text={c.command} multiline />
              </section>
            ))}
          </div>
        </section>
      )}
      <EnrolmentStrings version={String(token?.id ?? '')} />
    </>
  );
}
