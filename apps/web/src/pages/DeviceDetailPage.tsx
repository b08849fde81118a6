import { useCallback, useState } from 'react';
import { DEVICE_KIND_LABELS, type DeviceDetail } from '@safefleet/protocol';
import { api } from '../api/endpoints';
import type { LiveEvent } from '../api/live';
import { useResource } from '../api/use-resource';
import { DeviceDataSection } from '../components/DeviceDataSection';
import { DeviceFacts } from '../components/DeviceFacts';
import { Loading, Notice } from '../components/Field';
import { PasswordDueSection } from '../components/PasswordDueSection';
import { FindingsList } from '../components/FindingsList';
import { KeeperEditor } from '../components/KeeperEditor';
import { usePageTitle } from '../components/Layout';
import { StatusBadge } from '../components/StatusBadge';
import { Timeline } from '../components/Timeline';
import { formatDateTime, platformLabel, timeAgo } from '../lib/format';
import { can } from '../lib/permissions';
import { Link, navigate } from '../router';
import { useLiveEvents, useSession } from '../session';

/** One device: keeper, platform, each control's result with reason and fix, the facts behind it, its timeline. */
export function DeviceDetailPage({ id }: { id: string }) {
  const { user } = useSession();
  const device = useResource(() => api.device(id), id);
  const roles = useResource(() => api.roles().catch(() => []));
  const [notice, setNotice] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [confirmRevoke, setConfirmRevoke] = useState(false);
  const { reload } = device;
  useLiveEvents(
    useCallback(
      (e: LiveEvent) => {
        const mine = (e.type === 'device-updated' && e.device.id === id) || (e.type === 'device-removed' && e.deviceId === id);
        if (mine || e.type === 'fleet-changed' || e.type === 'resync') reload();
      },
      [id, reload],
    ),
  );
  const d = device.data;
  usePageTitle(d ? d.hostname : 'Device');

  const act = async (what: () => Promise<unknown>, done: string) => {
    setNotice(null);
    try {
      await what();
      setNotice({ kind: 'success', text: done });
    } catch (err) {
      setNotice({ kind: 'error', text: err instanceof Error ? err.message : String(err) });
    }
  };

  if (!d) {
    return (
      <>
        <p>
          <Link to="/devices">← All devices</Link>
        </p>
        <h1>Device</h1>
        {device.error ? <Notice kind="error">{device.error}</Notice> : <Loading what="Loading the device" />}
      </>
    );
  }
  const os = d.facts?.os;
  const agent = d.source.type === 'agent';
  return (
    <>
      <p className="no-print">
        <Link to="/devices">← All devices</Link>
      </p>
      <div className="page-head">
        <h1>
          {d.hostname} <StatusBadge status={d.status} />
        </h1>
        {d.revokedAt === null && agent && can(user, 'collect-now') && (
          <div className="actions no-print">
            <button
              type="button"
              className="button"
              onClick={() => void act(() => api.collectNow(d.id), 'Asked the device to check now. Results appear here when it reports.')}
            >
              Check now
            </button>
            <button type="button" className="button button--danger" onClick={() => setConfirmRevoke(true)}>
              Revoke device…
            </button>
          </div>
        )}
      </div>
      <p className={`assurance assurance--${d.source.type}`} data-testid="assurance">
        {DEVICE_KIND_LABELS[d.kind]} · {d.assurance}
      </p>
      {d.revokedAt && (
        <Notice kind="warning">
          This device was revoked on {formatDateTime(d.revokedAt)}. It no longer reports; enrol it again to bring it back.
        </Notice>
      )}
      {confirmRevoke && (
        <div className="notice notice--warning" role="alertdialog" aria-labelledby="revoke-q">
          <p id="revoke-q">
            <strong>Revoke {d.hostname}?</strong> It stops reporting at once and leaves the fleet. To bring it back, enrol it again.
          </p>
          <div className="actions">
            <button
              type="button"
              className="button button--danger"
              // biome-ignore lint/a11y/noAutofocus: focus goes to the field the person just opened, as they expect
              autoFocus
              onClick={() =>
                void act(async () => {
                  await api.revokeDevice(d.id);
                  setConfirmRevoke(false);
                  navigate('/devices');
                }, 'Device revoked.')
              }
            >
              Revoke
            </button>
            <button type="button" className="button button--quiet" onClick={() => setConfirmRevoke(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
      {device.error && <Notice kind="error">{device.error}</Notice>}
      {d.clockWarning && (
        <Notice kind="warning">{`This device's clock looks wrong. ${d.clockWarning}. Reports are still ordered by when the console received them.`}</Notice>
      )}

      <div className="columns columns--detail">
        <section className="card" aria-labelledby="about-title">
          <h2 id="about-title">About this device</h2>
          <dl className="facts-list">
            <dt>Platform</dt>
            <dd>
              {os ? `${os.distro || platformLabel(os.platform)} ${os.release}`.trim() : platformLabel(d.platform)}
              {os?.arch ? ` (${os.arch})` : ''}
            </dd>
            <dt>Kind</dt>
            <dd>{DEVICE_KIND_LABELS[d.kind]}</dd>
            <dt>Source</dt>
            <dd>{d.assurance}</dd>
            {agent && (
              <>
                <dt>Agent version</dt>
                <dd>{d.agentVersion ?? '—'}</dd>
                <dt>Agent updates</dt>
                <dd>{agentUpdateWords(d.agentUpdate)}</dd>
              </>
            )}
            <dt>Last seen</dt>
            <dd>
              {timeAgo(d.lastSeenAt)} <span className="muted small">({formatDateTime(d.lastSeenAt)})</span>
            </dd>
            <dt>Enrolled</dt>
            <dd>{formatDateTime(d.enrolledAt)}</dd>
            {(os?.serial || d.serial) && (
              <>
                <dt>Serial number</dt>
                <dd>{os?.serial || d.serial}</dd>
              </>
            )}
          </dl>
        </section>
        <section className="card" aria-labelledby="keeper-title">
          <h2 id="keeper-title">Keeper</h2>
          <KeeperEditor
            key={JSON.stringify(d.keeper)}
            device={d}
            roles={roles.data ?? []}
            editable={can(user, 'edit-keeper') && d.revokedAt === null}
            onSaved={(next) => {
              device.setData(() => next);
              setNotice({ kind: 'success', text: 'Keeper saved. The device was checked again against exceptions for the new role.' });
            }}
          />
        </section>
      </div>

      <section aria-labelledby="controls-title">
        <h2 id="controls-title">Controls</h2>
        <FindingsList findings={d.findings} deviceId={d.id} canExcept={can(user, 'manage-exceptions')} />
      </section>

      {can(user, 'read-password-prompts') && <PasswordDueSection deviceId={d.id} version={d.lastSeenAt ?? ''} />}

      <section aria-labelledby="facts-title">
        <h2 id="facts-title">{agent ? 'What the agent found' : 'What was reported'}</h2>
        {d.facts ? (
          <DeviceFacts facts={d.facts} findings={d.findings} />
        ) : can(user, 'read-safeguarding-detail') ? (
          <p>No report received yet.</p>
        ) : (
          <p>What was found on the device (apps, accounts) is shown to the DSL and the IT lead only.</p>
        )}
      </section>

      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">Timeline</h2>
        <Timeline history={d.history} />
      </section>

      {can(user, 'export-erase-device') && <DeviceDataSection device={d} />}
    </>
  );
}

const UPDATE_WORDS: Record<string, string> = {
  current: 'Up to date',
  downloading: 'Downloading',
  restarting: 'Restarting into the new version',
  'rolled-back': 'Rolled back',
  failed: 'Update refused',
  held: 'Held by the IT lead',
  manual: 'Updated by hand (not a single-file program)',
};

/** The agent's self-update state in words, e.g. "Update refused: 0.2.0 (its SHA-256 …)". */
function agentUpdateWords(u: DeviceDetail['agentUpdate']): string {
  if (!u) return '—';
  const words = UPDATE_WORDS[u.state] ?? u.state;
  const version = u.version && u.state !== 'manual' ? ` ${u.version}` : '';
  return `${words}${version}${u.detail && (u.state === 'failed' || u.state === 'rolled-back') ? ` (${u.detail})` : ''}, ${formatDateTime(u.at)}`;
}
