import { useState } from 'react';
import { COMMON_WORK_CHANNELS, type CatalogueResponse, type PolicySettings } from '@safefleet/protocol';
import { api } from '../api/endpoints';
import { useResource } from '../api/use-resource';
import { can } from '../lib/permissions';
import { Link } from '../router';
import { useSession } from '../session';
import { Notice } from './Field';

type Channels = PolicySettings['approvedChannels'];

/** The work-collaboration apps of the catalogue, common ones first. */
export function workChannels(catalogue: CatalogueResponse | undefined): { id: string; name: string }[] {
  const apps = (catalogue ?? []).filter((a) => a.category === 'work-collaboration');
  const rank = (id: string) => {
    const i = (COMMON_WORK_CHANNELS as readonly string[]).indexOf(id);
    return i === -1 ? 99 : i;
  };
  return apps.sort((a, b) => rank(a.id) - rank(b.id)).map((a) => ({ id: a.id, name: a.name }));
}

/** "Microsoft Teams, Zoom and Slack", or "none yet". */
export function channelWords(ids: readonly string[], catalogue: CatalogueResponse | undefined): string {
  const names = ids.map((id) => catalogue?.find((a) => a.id === id)?.name ?? id);
  if (names.length === 0) return 'none';
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** Policy page section: tick the organisation's agreed channels, or approve the common ones in one click. */
export function ApprovedChannelsSection({ value, editable, onChange }: { value: Channels; editable: boolean; onChange: (v: Channels) => void }) {
  const catalogue = useResource(() => api.catalogue());
  const channels = workChannels(catalogue.data);
  const set = (ids: string[]) => onChange({ chosen: true, appIds: ids });
  return (
    <section className="card" data-testid="approved-channels">
      <h2>Agreed work channels</h2>
      <p className="muted small">
        Your policy says staff communicate “via agreed channels”. Work-collaboration apps ticked here pass the “No social media or messaging apps”
        control on every device; the others fail it until you agree them. {value.chosen ? '' : 'Nothing has been chosen yet, so none is allowed.'}
      </p>
      {editable ? (
        <>
          <ul className="checks">
            {channels.map((c) => (
              <li key={c.id}>
                <label className="check">
                  <input
                    type="checkbox"
                    checked={value.appIds.includes(c.id)}
                    onChange={(e) => set(e.target.checked ? [...new Set([...value.appIds, c.id])] : value.appIds.filter((x) => x !== c.id))}
                  />
                  {c.name}
                </label>
              </li>
            ))}
          </ul>
          <div className="actions">
            <button type="button" className="button" onClick={() => set(channels.map((c) => c.id))}>
              Tick all the common ones
            </button>
            <button type="button" className="button button--quiet" onClick={() => set([])}>
              None of these
            </button>
          </div>
        </>
      ) : (
        <p>Agreed: {channelWords(value.appIds, catalogue.data)}.</p>
      )}
    </section>
  );
}

/**
 * First-start question for the IT lead, shown on every page until answered: which work channels
 * has the organisation agreed? One click approves the common ones; saving re-checks every device.
 */
export function ChannelsFirstAsk() {
  const { user } = useSession();
  const editable = can(user, 'edit-policy');
  const policy = useResource(() => (editable ? api.policy() : Promise.resolve(null)));
  const catalogue = useResource(() => (editable ? api.catalogue() : Promise.resolve(undefined)));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const current = policy.data;
  if (!editable || !current || current.approvedChannels.chosen) return null;
  const channels = workChannels(catalogue.data ?? undefined);
  const answer = async (ids: string[]) => {
    setBusy(true);
    setError(null);
    try {
      const saved = await api.savePolicy({ ...current, approvedChannels: { chosen: true, appIds: ids } });
      policy.setData(() => saved);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="first-run" role="note" data-testid="channels-first-ask">
      <strong>Which work channels has your organisation agreed?</strong> Until you choose, every device with{' '}
      {channelWords(
        channels.map((c) => c.id),
        catalogue.data ?? undefined,
      )}{' '}
      fails “No social media or messaging apps” and each opens a safeguarding concern.{' '}
      <button type="button" className="button button--primary" disabled={busy} onClick={() => void answer(channels.map((c) => c.id))}>
        Approve the common ones
      </button>{' '}
      <button type="button" className="button button--quiet" disabled={busy} onClick={() => void answer([])}>
        None: we use none of these
      </button>{' '}
      <Link to="/policy">Choose one by one on the Policy page</Link>
      {error && <Notice kind="error">{error}</Notice>}
    </div>
  );
}
