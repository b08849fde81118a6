import { useState } from 'react';
import type { ReportQuery } from '@safefleet/protocol';
import { api } from '../api/endpoints';
import { useResource } from '../api/use-resource';
import { Loading, Notice } from './Field';

/** The last eight quarters, newest first: "2026-Q4". */
function quarters(now = new Date()): string[] {
  const out: string[] = [];
  let y = now.getFullYear();
  let q = Math.floor(now.getMonth() / 3) + 1;
  for (let i = 0; i < 8; i++) {
    out.push(`${y}-Q${q}`);
    q--;
    if (q === 0) {
      q = 4;
      y--;
    }
  }
  return out;
}

const fmt = (n: number | null, unit = '') => (n === null ? 'none yet' : `${n}${unit}`);

/**
 * The report made on the server for a quarter or any period: organisation, preparer, concern
 * figures and the PDF to send to trustees (made on the server, not by the browser).
 */
export function TrusteesReportPanel() {
  const [mode, setMode] = useState<'quarter' | 'dates'>('quarter');
  const [quarter, setQuarter] = useState(quarters()[0]!);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [preparer, setPreparer] = useState('');
  const query: ReportQuery = mode === 'quarter' ? { quarter } : from && to ? { from, to } : {};
  if (preparer.trim()) query.preparer = preparer.trim();
  const key = JSON.stringify(query);
  const report = useResource(() => api.report(query), key);
  const pdfHref = `/api/report/pdf?${new URLSearchParams(query as Record<string, string>).toString()}`;
  const r = report.data;
  return (
    <section className="card no-print" aria-labelledby="trustees-title" data-testid="trustees-report">
      <h2 id="trustees-title">Report for trustees</h2>
      <div className="form-row">
        <label className="check">
          <input type="radio" checked={mode === 'quarter'} onChange={() => setMode('quarter')} /> A quarter{' '}
          <select aria-label="Quarter" value={quarter} onChange={(e) => setQuarter(e.target.value)} disabled={mode !== 'quarter'}>
            {quarters().map((q) => (
              <option key={q}>{q}</option>
            ))}
          </select>
        </label>{' '}
        <label className="check">
          <input type="radio" checked={mode === 'dates'} onChange={() => setMode('dates')} /> From{' '}
          <input type="date" aria-label="From" value={from} onChange={(e) => setFrom(e.target.value)} disabled={mode !== 'dates'} /> to{' '}
          <input type="date" aria-label="To" value={to} onChange={(e) => setTo(e.target.value)} disabled={mode !== 'dates'} />
        </label>{' '}
        <label>
          Prepared by <input value={preparer} onChange={(e) => setPreparer(e.target.value)} placeholder="Your name" />
        </label>
      </div>
      {report.error && <Notice kind="error">{report.error}</Notice>}
      {!r ? (
        <Loading what="Preparing the report" />
      ) : (
        <>
          <p>
            <strong>{r.organisation.name}</strong> · {r.period.label} · prepared by {r.preparedBy}
          </p>
          <p>
            Devices on {r.figuresAsOf}: {r.devices.compliant} of {r.devices.total} compliant, {r.devices.noncompliant} not compliant,{' '}
            {r.devices.unknown} unknown (counted apart, never as compliant). Trend: {fmt(r.trend.startPercent, '%')} → {fmt(r.trend.endPercent, '%')}.
          </p>
          <p data-testid="report-concerns">
            Concerns: {r.concerns.raisedForTriage} raised for triage; triaged {r.concerns.triaged.concern} as concerns, {r.concerns.triaged.allowed}{' '}
            allowed for the role, {r.concerns.triaged.notConcern} not a concern; {r.concerns.logged} logged; median{' '}
            {fmt(r.concerns.medianDaysToAssessment)} days to assessment and {fmt(r.concerns.medianDaysToAction)} to action; {r.concerns.openAtEnd}{' '}
            open at the end of the period. Exceptions in force: {r.exceptionsInForce}.
          </p>
          <p>
            Security review: next due {r.securityReview.nextDueAt}
            {r.securityReview.overdue ? ' (overdue)' : ''}.
          </p>
          <a className="button button--primary" href={pdfHref} download>
            Download the PDF for trustees
          </a>
        </>
      )}
    </section>
  );
}
