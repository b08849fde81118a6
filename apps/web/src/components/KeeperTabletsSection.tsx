import { useState, type FormEvent } from 'react';
import { DEVICE_KIND_LABELS, type CheckinLink, type KeeperTablet } from '@safefleet/protocol';
import { api } from '../api/endpoints';
import { useResource } from '../api/use-resource';
import { CopyBox } from './CopyBox';
import { Field, Notice } from './Field';
import { formatDateTime, platformLabel } from '../lib/format';
import { Link } from '../router';

const PLATFORMS: Array<[string, string]> = [
  ['ipados', 'iPadOS (iPad)'],
  ['android', 'Android'],
  ['ios', 'iOS (iPhone)'],
];

/** A check-in link shown once (only its hash is stored), with its QR code for the tablet's camera. */
function ShownLink({ link, name }: { link: CheckinLink; name: string }) {
  const qr = `data:image/svg+xml;base64,${btoa(link.qrSvg)}`;
  return (
    <section className="card" aria-label={`Check-in link for ${name}`} data-testid="checkin-link">
      <h3>Check-in link for {name}</h3>
      <Notice kind="success">
        Shown only now: send it to the keeper, or let them scan the code with the tablet’s camera. Making a new link stops this one working.
      </Notice>
      <CopyBox label="check-in link" text={link.url} />
      <img src={qr} alt={`QR code of the check-in link for ${name}`} width={180} height={180} />
    </section>
  );
}

/** Tablets and phones their keepers check in by hand: add one, make a new link, see the last check-in. */
export function KeeperTabletsSection() {
  const tablets = useResource(() => api.keeperTablets());
  const [shown, setShown] = useState<{ link: CheckinLink; name: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [form, setForm] = useState({ name: '', platform: 'ipados', kind: 'tablet', keeperName: '', keeperEmail: '', keeperRole: '' });
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });

  const add = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const link = await api.addKeeperTablet({
        name: form.name.trim(),
        platform: form.platform as 'ipados' | 'android' | 'ios',
        kind: form.kind as 'tablet' | 'phone',
        keeperName: form.keeperName.trim(),
        keeperEmail: form.keeperEmail.trim(),
        keeperRole: form.keeperRole.trim(),
      });
      setShown({ link, name: form.name.trim() });
      setForm({ ...form, name: '', keeperName: '', keeperEmail: '', keeperRole: '' });
      tablets.reload();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const newLink = async (t: KeeperTablet) => {
    setError(null);
    try {
      setShown({ link: await api.newCheckinLink(t.deviceId), name: t.name });
      tablets.reload();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <section aria-labelledby="keeper-tablets-title">
      <h2 id="keeper-tablets-title">Keeper check-ins</h2>
      <p className="lede">
        For a tablet or phone no management service (MDM) knows about: its keeper opens a check-in link on it each quarter, confirms the passcode and
        screen lock, and ticks the messaging and social apps on it. This is the lowest assurance level, and the device says so.
      </p>
      <form className="card row" onSubmit={(e) => void add(e)} aria-label="Add a tablet its keeper checks in">
        <Field label="Tablet name">{(p) => <input {...p} required value={form.name} onChange={set('name')} />}</Field>
        <Field label="System">
          {(p) => (
            <select {...p} value={form.platform} onChange={set('platform')}>
              {PLATFORMS.map(([v, words]) => (
                <option key={v} value={v}>
                  {words}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Kind">
          {(p) => (
            <select {...p} value={form.kind} onChange={set('kind')}>
              <option value="tablet">{DEVICE_KIND_LABELS.tablet}</option>
              <option value="phone">{DEVICE_KIND_LABELS.phone}</option>
            </select>
          )}
        </Field>
        <Field label="Keeper’s name">{(p) => <input {...p} required value={form.keeperName} onChange={set('keeperName')} />}</Field>
        <Field label="Keeper’s email">{(p) => <input {...p} type="email" required value={form.keeperEmail} onChange={set('keeperEmail')} />}</Field>
        <Field label="Keeper’s role">{(p) => <input {...p} value={form.keeperRole} onChange={set('keeperRole')} />}</Field>
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Adding…' : 'Add tablet and make its link'}
        </button>
      </form>
      {error && <Notice kind="error">{error}</Notice>}
      {shown && <ShownLink link={shown.link} name={shown.name} />}
      {tablets.error && <Notice kind="error">{tablets.error}</Notice>}
      {tablets.data && tablets.data.length === 0 && <p className="muted">No tablets checked in by their keepers yet.</p>}
      {tablets.data && tablets.data.length > 0 && (
        // biome-ignore lint/a11y/useSemanticElements: a scrolling region must be reachable by keyboard to scroll it (WCAG 2.1.1); its label names it for screen readers
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard to scroll it (WCAG 2.1.1); its label names it for screen readers
        <div className="table-wrap" tabIndex={0} role="region" aria-label="Tablets and phones their keepers check in">
          <table className="data" data-testid="keeper-tablets">
            <caption className="visually-hidden">Tablets and phones their keepers check in</caption>
            <thead>
              <tr>
                <th scope="col">Device</th>
                <th scope="col">Keeper</th>
                <th scope="col">Last check-in</th>
                <th scope="col">Link</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tablets.data.map((t) => (
                <tr key={t.deviceId}>
                  <th scope="row">
                    <Link to={`/devices/${encodeURIComponent(t.deviceId)}`}>{t.name}</Link>
                    <div className="muted small">
                      {DEVICE_KIND_LABELS[t.kind]} · {platformLabel(t.platform)}
                    </div>
                  </th>
                  <td>
                    {t.keeperName ?? '—'}
                    {t.keeperEmail && <div className="muted small">{t.keeperEmail}</div>}
                  </td>
                  <td>{t.confirmedAt ? formatDateTime(t.confirmedAt) : <span className="muted">Not yet</span>}</td>
                  <td>
                    {t.link ? (
                      <>
                        Made {formatDateTime(t.link.createdAt)}
                        <div className="muted small">{t.link.lastUsedAt ? `Last used ${formatDateTime(t.link.lastUsedAt)}` : 'Not used yet'}</div>
                      </>
                    ) : (
                      <span className="muted">No active link</span>
                    )}
                  </td>
                  <td>
                    <button type="button" className="button" onClick={() => void newLink(t)}>
                      New link for {t.name}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
