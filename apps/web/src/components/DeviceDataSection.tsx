import { useState } from 'react';
import type { DeviceDetail } from '@safefleet/protocol';
import { api } from '../api/endpoints';
import { saveBlob } from '../lib/download';
import { navigate } from '../router';
import { Field, Notice } from './Field';

/** Saves `data` as a JSON file in the browser's downloads. */
function downloadJson(filename: string, data: unknown) {
  saveBlob(filename, new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
}

/**
 * The device page's privacy actions (IT lead only): download everything stored about the device as
 * JSON, and erase it, after a plain-words confirmation where the hostname is typed.
 */
export function DeviceDataSection({ device }: { device: DeviceDetail }) {
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);

  const exportData = async () => {
    setNotice(null);
    try {
      const data = await api.exportDevice(device.id);
      downloadJson(`safefleet-device-${device.hostname}-${data.exportedAt.slice(0, 10)}.json`, data);
      setNotice({ kind: 'success', text: 'Downloaded. The download is recorded in the activity log.' });
    } catch (err) {
      setNotice({ kind: 'error', text: err instanceof Error ? err.message : String(err) });
    }
  };
  const rotate = async () => {
    setNotice(null);
    try {
      await api.rotateCredential(device.id);
      setNotice({
        kind: 'success',
        text: 'A new credential was sent to the device. Its old one keeps working until the device has saved the new one, then stops.',
      });
    } catch (err) {
      setNotice({ kind: 'error', text: err instanceof Error ? err.message : String(err) });
    }
  };
  const erase = async () => {
    setBusy(true);
    setNotice(null);
    try {
      await api.eraseDevice(device.id);
      navigate('/devices');
    } catch (err) {
      setNotice({ kind: 'error', text: err instanceof Error ? err.message : String(err) });
      setBusy(false);
    }
  };

  return (
    <section className="card no-print" aria-labelledby="device-data-title">
      <h2 id="device-data-title">This device's data</h2>
      <p>
        Everything the console stores about this device: its reports, results, history, alerts and password reminders. The device's credential (its
        key to the console) is replaced every 90 days on its own.
      </p>
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
      <div className="actions">
        <button type="button" className="button" onClick={() => void exportData()}>
          Download this device's data (JSON)
        </button>
        {device.source.type === 'agent' && device.revokedAt === null && (
          <button type="button" className="button" onClick={() => void rotate()}>
            Replace its credential now
          </button>
        )}
        <button
          type="button"
          className="button button--danger"
          onClick={() => {
            setConfirming(true);
            setTyped('');
          }}
        >
          Erase this device's data…
        </button>
      </div>
      {confirming && (
        <div className="notice notice--warning" role="alertdialog" aria-labelledby="erase-q">
          <p id="erase-q">
            <strong>Erase everything about {device.hostname}?</strong> Its reports, what the agent found, its results, history, alerts and password
            reminders are deleted for good, and the device can no longer connect. This cannot be undone. The activity log keeps a line saying you
            erased it. Concerns about it stay in the concern log.
          </p>
          <Field label={`Type the device name (${device.hostname}) to confirm`}>
            {(p) => <input {...p} name="erase-confirm" autoComplete="off" value={typed} onChange={(e) => setTyped(e.target.value)} />}
          </Field>
          <div className="actions">
            <button type="button" className="button button--danger" disabled={busy || typed.trim() !== device.hostname} onClick={() => void erase()}>
              Erase for good
            </button>
            <button type="button" className="button button--quiet" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
