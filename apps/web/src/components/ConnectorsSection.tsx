import { useState, type FormEvent } from 'react';
import type { ConnectorProviderId, ConnectorStatus, SyncResponse } from '@safefleet/protocol';
import { api } from '../api/endpoints';
import { useResource } from '../api/use-resource';
import { Field, Notice } from './Field';
import { formatDateTime } from '../lib/format';

interface ProviderForm {
  title: string;
  fields: Array<{ key: string; label: string; hint?: string; optional?: boolean }>;
  secretLabel: string;
  secretHint: string;
  groupHint: string;
}

const PROVIDERS: Record<ConnectorProviderId, ProviderForm> = {
  'google-workspace': {
    title: 'Google Workspace',
    fields: [
      { key: 'adminEmail', label: 'Administrator’s email', hint: 'The service account reads the directory as this administrator.' },
      { key: 'customerId', label: 'Customer id', hint: 'Leave empty for your own organisation (my_customer).', optional: true },
    ],
    secretLabel: 'Service account JSON key',
    secretHint: 'Paste the whole JSON key file. It is stored encrypted and never shown again.',
    groupHint: 'One a line: a Google group’s email = a keeper role, e.g. youth-workers@charity.org = Youth worker.',
  },
  intune: {
    title: 'Microsoft Intune and Microsoft 365',
    fields: [
      { key: 'tenantId', label: 'Directory (tenant) id' },
      { key: 'clientId', label: 'Application (client) id' },
    ],
    secretLabel: 'Client secret value',
    secretHint: 'The secret’s value (not its id). It is stored encrypted and never shown again.',
    groupHint: 'One a line: a Microsoft Entra group’s object id = a keeper role, e.g. 0b6c…e1 = Youth worker.',
  },
};

type Group = { group: string; role: string };

function groupsText(settings: Record<string, unknown> | undefined): string {
  const g = settings?.keeperGroups;
  return Array.isArray(g) ? (g as Group[]).map((x) => `${x.group} = ${x.role}`).join('\n') : '';
}

function parseGroups(text: string): Group[] | string {
  const out: Group[] = [];
  for (const [i, line] of text.split('\n').entries()) {
    if (!line.trim()) continue;
    const at = line.indexOf('=');
    const group = line.slice(0, at).trim();
    const role = line.slice(at + 1).trim();
    if (at < 0 || !group || !role) return `Keeper groups, line ${i + 1}: write it as “group = role”.`;
    out.push({ group, role });
  }
  return out;
}

/** One connector: its settings (the secret only ever goes in), last sync and "Sync now". */
function ConnectorCard({ provider, status, onChange }: { provider: ConnectorProviderId; status?: ConnectorStatus; onChange: () => void }) {
  const p = PROVIDERS[provider];
  const initial = Object.fromEntries(p.fields.map((f) => [f.key, typeof status?.settings[f.key] === 'string' ? String(status.settings[f.key]) : '']));
  const [values, setValues] = useState<Record<string, string>>(initial);
  const [groups, setGroups] = useState(groupsText(status?.settings));
  const [secret, setSecret] = useState('');
  const [notice, setNotice] = useState<{ kind: 'success' | 'error' | 'warning'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [sync, setSync] = useState<SyncResponse | null>(null);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const keeperGroups = parseGroups(groups);
    if (typeof keeperGroups === 'string') return setNotice({ kind: 'error', text: keeperGroups });
    const settings: Record<string, unknown> = { keeperGroups };
    for (const f of p.fields) if (values[f.key]?.trim() || !f.optional) settings[f.key] = values[f.key]?.trim() ?? '';
    setBusy(true);
    setNotice(null);
    try {
      await api.configureConnector(provider, { settings, ...(secret.trim() ? { secret: secret.trim() } : {}) });
      setSecret('');
      setNotice({ kind: 'success', text: `${p.title} saved. The secret is stored encrypted; it is not shown again.` });
      onChange();
    } catch (err) {
      setNotice({ kind: 'error', text: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };

  const syncNow = async () => {
    setBusy(true);
    setNotice(null);
    setSync(null);
    try {
      const r = await api.syncConnector(provider);
      setSync(r);
      onChange();
    } catch (err) {
      setNotice({ kind: 'error', text: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby={`connector-${provider}`} data-testid={`connector-${provider}`}>
      <h3 id={`connector-${provider}`}>{p.title}</h3>
      {status ? (
        <p data-testid="connector-state">
          {status.lastSyncAt ? (
            <>
              Last sync {formatDateTime(status.lastSyncAt)}: <strong>{status.lastResult === 'ok' ? 'worked' : 'failed'}</strong>
              {status.lastMessage && status.lastResult === 'ok' ? ` — ${status.lastMessage}` : ''}
            </>
          ) : (
            'Set up; not synced yet.'
          )}{' '}
          <span className="muted">Syncs every hour.</span>
        </p>
      ) : (
        <p className="muted">Not set up.</p>
      )}
      {status?.lastResult === 'error' && status.lastMessage && <Notice kind="error">{status.lastMessage}</Notice>}
      <form onSubmit={(e) => void save(e)} aria-label={`${p.title} settings`}>
        <div className="row">
          {p.fields.map((f) => (
            <Field key={f.key} label={f.label} hint={f.hint}>
              {(props) => (
                <input
                  {...props}
                  required={!f.optional}
                  value={values[f.key] ?? ''}
                  onChange={(e) => setValues({ ...values, [f.key]: e.target.value })}
                />
              )}
            </Field>
          ))}
        </div>
        <Field label={p.secretLabel} hint={status ? 'A secret is stored. Leave this empty to keep it, or paste a new one.' : p.secretHint}>
          {(props) => (
            <textarea
              {...props}
              rows={provider === 'google-workspace' ? 4 : 1}
              autoComplete="off"
              spellCheck={false}
              value={secret}
              onChange={(e) => setSecret(e.target.value)}
            />
          )}
        </Field>
        <Field label="Keeper groups (optional)" hint={p.groupHint}>
          {(props) => <textarea {...props} rows={2} value={groups} onChange={(e) => setGroups(e.target.value)} />}
        </Field>
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            Save {p.title}
          </button>
          {status && (
            <button type="button" className="button" disabled={busy} onClick={() => void syncNow()}>
              {busy ? 'Working…' : `Sync ${p.title} now`}
            </button>
          )}
        </div>
      </form>
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
      {/* A failed sync's words are the connector's last message, shown above. */}
      {sync?.ok && <Notice kind="success">{sync.message}</Notice>}
    </section>
  );
}

/** Google Workspace and Intune: credentials entered once (stored encrypted), hourly sync, "Sync now". */
export function ConnectorsSection() {
  const list = useResource(() => api.connectors());
  const by = new Map((list.data ?? []).map((c) => [c.provider, c]));
  return (
    <section aria-labelledby="connectors-title">
      <h2 id="connectors-title">Device management connectors</h2>
      <p className="lede">
        Tablets and phones managed by Google Workspace or Microsoft Intune appear here on their own, hourly. Keepers and their roles can come from the
        same directory. See docs/tablets.md for how to create the credentials.
      </p>
      {list.error && <Notice kind="error">{list.error}</Notice>}
      {list.data &&
        (['google-workspace', 'intune'] as const).map((provider) => (
          <ConnectorCard key={provider} provider={provider} status={by.get(provider)} onChange={list.reload} />
        ))}
    </section>
  );
}
