import { useState } from 'react';
import type { CsvImportResponse } from '@safefleet/protocol';
import { api } from '../api/endpoints';
import { Field, Notice } from './Field';

const MAX_BYTES = 10 * 1024 * 1024;

/** Upload a CSV of tablets and phones (Safefleet, Intune or Jamf columns); bad rows come back by line number. */
export function CsvImportSection() {
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<CsvImportResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const upload = async () => {
    if (!file) return setError('Choose a CSV file first.');
    if (file.size > MAX_BYTES) return setError('The file is larger than 10 MB: split it into smaller files.');
    setError(null);
    setResult(null);
    setBusy(true);
    try {
      setResult(await api.importCsv(await file.text()));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const imported = result?.imported.filter((r) => r.action !== 'skipped') ?? [];
  return (
    <section aria-labelledby="csv-title" className="card">
      <h2 id="csv-title">Import from a CSV file</h2>
      <p className="muted csv-columns">
        Columns: <code>serial,name,kind,platform,osVersion,securityPatch,encrypted,passcode,apps,keeperEmail,lastSync</code> (apps separated by{' '}
        <code>;</code>, dates as 2026-11-01), or an Intune or Jamf device export as it comes. Devices match existing ones by serial number. Rows with
        a mistake are listed by line and not imported; the good rows are imported together.
      </p>
      <form
        className="row"
        aria-label="Import devices from a CSV file"
        onSubmit={(e) => {
          e.preventDefault();
          void upload();
        }}
      >
        <Field label="CSV file">
          {(p) => <input {...p} type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />}
        </Field>
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Importing…' : 'Import'}
        </button>
      </form>
      {error && <Notice kind="error">{error}</Notice>}
      {result && (
        <div data-testid="csv-result">
          <Notice kind={result.errors.length ? 'warning' : 'success'}>
            {`${imported.length} device${imported.length === 1 ? '' : 's'} imported${result.format ? ` (${result.format})` : ''}.`}
            {result.errors.length > 0 && ` ${result.errors.length} row${result.errors.length === 1 ? ' was' : 's were'} not imported:`}
          </Notice>
          {result.errors.length > 0 && (
            <ul className="csv-errors">
              {result.errors.map((e) => (
                <li key={`${e.line}-${e.message}`}>
                  Line {e.line}: {e.message}
                </li>
              ))}
            </ul>
          )}
          {result.imported.length > 0 && (
            <ul className="small">
              {result.imported.map((r) => (
                <li key={`${r.line ?? ''}-${r.serial ?? r.name}`}>
                  {r.name}
                  {r.serial ? ` (${r.serial})` : ''}: {r.action === 'created' ? 'added' : r.action === 'updated' ? 'updated' : 'left as it is'}
                  {r.note ? ` — ${r.note}` : ''}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
