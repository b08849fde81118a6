import { useState, type FormEvent } from 'react';
import type { ProviderOrganisationRow } from '@safefleet/protocol';
import { api } from '../api/endpoints';
import { useResource } from '../api/use-resource';
import { Field, Loading, Notice } from '../components/Field';
import { usePageTitle } from '../components/Layout';
import { Table, type Column } from '../components/Table';
import { formatDateTime, timeAgo } from '../lib/format';
import { complianceWords, isProvider } from '../lib/organisations';
import { navigate } from '../router';
import { useSession } from '../session';

/**
 * The provider's page: every organisation they look after, side by side (devices, compliance, open
 * alerts, open safeguarding concerns as a number only: the concerns themselves stay with each
 * organisation's DSL), "Open" to act in one, and a form to add an organisation.
 */
export function OrganisationsPage() {
  usePageTitle('Organisations');
  const session = useSession();
  const { organisation, switchOrganisation } = session;
  const provider = isProvider(session);
  const overview = useResource(() => (provider ? api.providerOverview() : Promise.resolve(null)), provider ? 'y' : 'n');
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  if (!provider) {
    return (
      <>
        <h1>Organisations</h1>
        <p>Only a provider, who looks after several charities on this console, sees this page.</p>
      </>
    );
  }

  const open = async (row: ProviderOrganisationRow) => {
    setNotice(null);
    if (row.id === organisation?.id) return navigate('/');
    setBusy(true);
    try {
      await switchOrganisation(row.id, '/');
    } catch (err) {
      setNotice({ kind: 'error', text: err instanceof Error ? err.message : String(err) });
      setBusy(false);
    }
  };

  const add = async (e: FormEvent) => {
    e.preventDefault();
    setNotice(null);
    const trimmed = name.trim();
    if (!trimmed) return setNameError('Give the organisation’s name.');
    setNameError(null);
    setBusy(true);
    try {
      const created = await api.createOrganisation(trimmed);
      setName('');
      setNotice({
        kind: 'success',
        text: `Added ${created.name}. You are its provider: open it to enrol its devices and add its people (its DSL first).`,
      });
      overview.reload();
      session.refresh();
    } catch (err) {
      setNotice({ kind: 'error', text: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };

  const columns: Column<ProviderOrganisationRow, string>[] = [
    {
      key: 'name',
      label: 'Organisation',
      rowHeader: true,
      render: (r) => (
        <>
          {r.name}
          {r.id === organisation?.id && <span className="muted"> (open now)</span>}
        </>
      ),
    },
    { key: 'devices', label: 'Devices', className: 'num', render: (r) => r.devices },
    {
      key: 'compliance',
      label: 'Compliant',
      className: 'num',
      render: (r) => (
        <span title={`${r.compliant} compliant, ${r.grace} in grace period, ${r.nonCompliant} not compliant, ${r.unknown} not evaluated or stale`}>
          {complianceWords(r)}
        </span>
      ),
    },
    { key: 'alerts', label: 'Open alerts', className: 'num', render: (r) => r.openAlerts },
    { key: 'concerns', label: 'Open concerns', className: 'num', render: (r) => r.openConcerns },
    {
      key: 'last',
      label: 'Last report',
      render: (r) =>
        r.lastReportAt ? (
          <time dateTime={r.lastReportAt} title={formatDateTime(r.lastReportAt)}>
            {timeAgo(r.lastReportAt)}
          </time>
        ) : (
          'Never'
        ),
    },
    {
      key: 'open',
      label: <span className="visually-hidden">Open</span>,
      render: (r) => (
        <button type="button" className="button" disabled={busy} onClick={() => void open(r)}>
          Open<span className="visually-hidden"> {r.name}</span>
        </button>
      ),
    },
  ];

  return (
    <>
      <h1>Organisations</h1>
      <p className="lede">
        The charities you look after as their provider. Open one to see its devices and alerts and to change its settings. Open concerns are shown as
        a number only: the concerns themselves stay with each charity’s DSL.
      </p>
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
      {overview.error && <Notice kind="error">{overview.error}</Notice>}
      {overview.data ? (
        <>
          <Table
            caption="Organisations you look after"
            captionHidden
            columns={columns}
            rows={overview.data.organisations}
            rowKey={(r) => String(r.id)}
            empty="You are not the provider of any organisation yet."
          />
          <p className="muted small">Counted {formatDateTime(overview.data.generatedAt)}.</p>
        </>
      ) : (
        !overview.error && <Loading what="Loading organisations" />
      )}
      <form className="card narrow" onSubmit={(e) => void add(e)} noValidate aria-labelledby="add-organisation-title">
        <h2 id="add-organisation-title">Add organisation</h2>
        <Field label="Name" hint="The charity’s name, as its trustees know it." error={nameError}>
          {(p) => <input {...p} autoComplete="off" maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <button type="submit" className="button button--primary" disabled={busy}>
          Add organisation
        </button>
      </form>
    </>
  );
}
