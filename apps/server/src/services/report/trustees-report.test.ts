import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrusteesReport } from '@safefleet/protocol';
import { adminCookie, createTestServer, enrolDevice, ingest, type TestServer } from '../../test-support/harness.js';
import { buildFacts, buildNoncompliantFacts } from '../../test-support/facts.js';
import { concernFigures, median } from './trustees-report.service.js';
import { periodOf, previousQuarter } from './period.js';
import { renderReportPdf } from './report-pdf.js';

// A 1×1 PNG, so the logo path through pdfkit is exercised.
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

describe('report periods', () => {
  it('quarters, dates and the quarter before', () => {
    expect(periodOf({ quarter: '2026-Q3' }, '2026-12-03')).toEqual({
      from: '2026-07-01',
      to: '2026-09-30',
      label: 'Q3 2026 (1 July 2026 to 30 September 2026)',
    });
    expect(periodOf({}, '2026-12-03').from).toBe('2026-10-01');
    expect(periodOf({ from: '2026-01-15', to: '2026-02-01' }, '2026-12-03').label).toBe('15 January 2026 to 1 February 2026');
    expect(() => periodOf({ from: '2026-02-01', to: '2026-01-01' }, '2026-12-03')).toThrow(/ends before/);
    expect(previousQuarter('2027-01-01')).toMatchObject({ from: '2026-10-01', to: '2026-12-31' });
  });

  it('median days and concern figures count each outcome once, open at end apart', () => {
    expect(median([])).toBeNull();
    expect(median([1, 3, 2])).toBe(2);
    expect(median([1, 2])).toBe(1.5);
    const base = {
      id: 1,
      organisationId: 1,
      source: 'alert' as const,
      alertId: null,
      deviceId: null,
      hostname: null,
      keeperName: null,
      summary: 's',
      loggedBy: 'system',
      assessedAt: null,
      assessedBy: null,
      assessment: null,
      actionedAt: null,
      actionedBy: null,
      actionsTaken: null,
      referralMade: null,
      referralTo: null,
      referralReference: null,
      referralAt: null,
      closedAt: null,
      closedBy: null,
      closingNote: null,
      triageOutcome: null,
      triagedAt: null,
      triagedBy: null,
      triageNote: null,
      riskLevel: null,
      exceptionId: null,
      appIdsJson: null,
      updatedAt: '2026-07-01T00:00:00Z',
    };
    const rows = [
      { ...base, status: 'to-triage' as const, loggedAt: '2026-07-02T09:00:00.000Z' },
      {
        ...base,
        status: 'closed' as const,
        loggedAt: '2026-07-03T09:00:00.000Z',
        triageOutcome: 'allowed' as const,
        triagedAt: '2026-07-04T09:00:00.000Z',
        closedAt: '2026-07-04T09:00:00.000Z',
      },
      {
        ...base,
        status: 'assessed' as const,
        loggedAt: '2026-07-05T09:00:00.000Z',
        triageOutcome: 'concern' as const,
        triagedAt: '2026-07-05T10:00:00.000Z',
        assessedAt: '2026-07-07T09:00:00.000Z',
      },
      {
        ...base,
        source: 'manual' as const,
        status: 'closed' as const,
        loggedAt: '2026-07-10T09:00:00.000Z',
        assessedAt: '2026-07-11T09:00:00.000Z',
        actionedAt: '2026-07-14T09:00:00.000Z',
        closedAt: '2026-10-02T09:00:00.000Z',
      },
    ];
    const f = concernFigures(rows, '2026-07-01T00:00:00.000Z', '2026-09-30T23:59:59.999Z');
    expect(f).toEqual({
      raisedForTriage: 3,
      triaged: { concern: 1, allowed: 1, notConcern: 0 },
      logged: 2,
      medianDaysToAssessment: 1.5,
      medianDaysToAction: 4,
      openAtEnd: 3,
      waitingForTriageAtEnd: 1,
    });
  });
});

describe('trustees report and PDF (real SQLite, pdfkit, pdftoppm)', () => {
  let s: TestServer;
  let out: string;
  beforeAll(async () => {
    s = await createTestServer();
    out = mkdtempSync(join(tmpdir(), 'safefleet-report-pdf-'));
  });
  afterAll(async () => {
    await s.close();
    rmSync(out, { recursive: true, force: true });
  });

  it('holds the organisation, period, figures with Unknown apart and concern figures; the PDF renders', async () => {
    const cookie = await adminCookie(s.app);
    const a = await enrolDevice(s.app, cookie, 'yw-laptop-01');
    const b = await enrolDevice(s.app, cookie, 'yw-laptop-02');
    await enrolDevice(s.app, cookie, 'yw-laptop-03'); // never reports: Not evaluated → Unknown
    ingest(s.app, a.deviceId, buildFacts());
    ingest(s.app, b.deviceId, buildNoncompliantFacts());
    s.app.services.organisation.update(
      { name: 'Riverside Young Carers', logoDataUrl: PNG, trusteesEmail: 'trustees@example.org' },
      'user:it-lead@example.org',
    );
    s.app.services.organisation.addReview(
      { reviewedAt: '2026-06-01', reviewedBy: 'Alex Chen', notes: 'Checked admin accounts and backups.' },
      'user:it-lead@example.org',
    );
    s.app.services.concerns.create({ summary: 'A worry reported by a volunteer' }, 'user:dsl@example.org');

    const report = s.app.services.report.build({}, { preparedBy: 'Jo Bloggs (DSL)', includeExceptions: true });
    TrusteesReport.parse(report);
    expect(report.organisation).toEqual({ name: 'Riverside Young Carers', hasLogo: true });
    expect(report.devices).toMatchObject({ total: 3, compliant: 1, noncompliant: 1, unknown: 1, compliantPercent: 50 });
    expect(report.byControl.find((c) => c.control === 'social-apps')).toMatchObject({ pass: 1, fail: 1, unknown: 1 });
    expect(report.byKind).toEqual([{ kind: 'Linux computers', total: 3, compliant: 1, grace: 0, noncompliant: 1, unknown: 1 }]);
    // The noncompliant laptop (Signal) raised one concern for triage; the manual one is logged.
    expect(report.concerns).toMatchObject({ raisedForTriage: 1, logged: 1, waitingForTriageAtEnd: 1 });
    expect(report.concerns.openAtEnd).toBeGreaterThanOrEqual(1);
    expect(report.securityReview.last?.reviewedBy).toBe('Alex Chen');
    expect(report.securityReview.nextDueAt).toBe('2026-12-01');

    const pdf = await renderReportPdf(report, PNG);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const file = join(out, 'report.pdf');
    writeFileSync(file, pdf);
    execFileSync('pdftoppm', ['-png', '-r', '40', file, join(out, 'page')]);
    expect(readdirSync(out).filter((f) => f.endsWith('.png')).length).toBeGreaterThanOrEqual(1);
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
    expect(text).toContain('Riverside Young Carers');
    expect(text).toContain(report.period.label);
    expect(text).toContain('Logged as safeguarding concerns');
    expect(text).toMatch(/Open at the end of the period\s+\d/);
    expect(text).toContain('Alex Chen');
    expect(existsSync(file)).toBe(true);
  });
});
