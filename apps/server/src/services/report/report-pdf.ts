import PDFDocument from 'pdfkit';
import type { TrusteesReport } from '@safefleet/protocol';
import { longDay } from './period.js';

const INK = '#1f2937';
const MUTED = '#6b7280';
const LINE = '#d1d5db';

const fmtPercent = (p: number | null) => (p === null ? 'not known' : `${p}%`);
const fmtDays = (d: number | null) => (d === null ? 'none in the period' : `${d} day${d === 1 ? '' : 's'}`);

/** "3 December 2026, 14:05" in the organisation's time zone. */
function localDateTime(iso: string, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(
      new Date(iso),
    );
  } catch {
    return iso;
  }
}

/** A PNG/JPEG data: URL as bytes, or null. */
function logoBytes(dataUrl: string | null): Buffer | null {
  const m = dataUrl?.match(/^data:image\/(png|jpeg);base64,(.+)$/);
  return m ? Buffer.from(m[2]!, 'base64') : null;
}

/**
 * The trustees' report as a PDF, drawn on the server with pdfkit (standard Helvetica, A4): title
 * with the organisation's name and logo, period and preparer, device figures ("Unknown" apart),
 * each control, each kind of device, the trend, concern figures, exceptions with their risk
 * assessments, and the security review.
 */
export function renderReportPdf(report: TrusteesReport, logoDataUrl: string | null): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: `Device safety report — ${report.organisation.name} — ${report.period.label}`, Author: report.preparedBy, Creator: 'Safefleet' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const width = doc.page.width - 100;
  const h2 = (text: string) => {
    if (doc.y > doc.page.height - 150) doc.addPage();
    doc.moveDown(0.8).fillColor(INK).font('Helvetica-Bold').fontSize(13).text(text).moveDown(0.3);
    doc.font('Helvetica').fontSize(10);
  };
  const para = (text: string, color = INK) => doc.fillColor(color).font('Helvetica').fontSize(10).text(text, { width });
  const table = (head: string[], rows: Array<Array<string | number>>, widths: number[]) => {
    const x0 = doc.page.margins.left;
    const drawRow = (cells: Array<string | number>, bold: boolean) => {
      if (doc.y > doc.page.height - 80) doc.addPage();
      const y = doc.y;
      let x = x0;
      let height = 0;
      doc
        .font(bold ? 'Helvetica-Bold' : 'Helvetica')
        .fontSize(9)
        .fillColor(INK);
      cells.forEach((c, i) => {
        const w = widths[i]!;
        height = Math.max(height, doc.heightOfString(String(c), { width: w - 6 }));
        doc.text(String(c), x + 3, y + 3, { width: w - 6 });
        x += w;
      });
      doc.y = y + height + 6;
      doc
        .moveTo(x0, doc.y)
        .lineTo(x0 + widths.reduce((a, b) => a + b, 0), doc.y)
        .strokeColor(LINE)
        .lineWidth(0.5)
        .stroke();
    };
    drawRow(head, true);
    for (const r of rows) drawRow(r, false);
    doc.x = x0;
    doc.moveDown(0.3);
  };

  // Heading
  const logo = logoBytes(logoDataUrl);
  if (logo) {
    try {
      doc.image(logo, doc.page.width - 50 - 90, 40, { fit: [90, 50] });
    } catch {
      // A logo pdfkit cannot read is left out rather than failing the report.
    }
  }
  doc
    .fillColor(INK)
    .font('Helvetica-Bold')
    .fontSize(20)
    .text(report.organisation.name, 50, 50, { width: width - 100 });
  doc
    .font('Helvetica')
    .fontSize(14)
    .text('Device safety report for trustees', { width: width - 100 });
  doc.moveDown(0.3);
  para(`Period: ${report.period.label}`);
  para(
    `Prepared by ${report.preparedBy} on ${localDateTime(report.preparedAt, report.timeZone)} (${report.timeZone}), with Safefleet, against the CAUK online-safety policy.`,
    MUTED,
  );

  h2('Devices');
  const d = report.devices;
  para(
    d.total === 0
      ? 'No devices were enrolled in this period.'
      : `On ${longDay(report.figuresAsOf)}: ${d.compliant} of ${d.total} devices compliant, ${d.grace} in a grace period, ${d.noncompliant} not compliant, ${d.unknown} unknown (not evaluated or silent). Compliant share of the devices Safefleet could check: ${fmtPercent(d.compliantPercent)}. Unknown devices are counted apart, never as compliant.`,
  );
  const t = report.trend;
  if (t.points.length > 0) {
    para(
      `Trend over the period: ${fmtPercent(t.startPercent)} compliant at the start, ${fmtPercent(t.endPercent)} at the end (${t.points.length} days with figures).`,
    );
  }

  h2('Each control');
  table(
    ['Control', 'Pass', 'Grace', 'Fail', 'Unknown'],
    report.byControl.map((c) => [c.title, c.pass, c.grace, c.fail, c.unknown]),
    [235, 65, 65, 65, 65],
  );

  h2('Each kind of device');
  if (report.byKind.length === 0) para('No devices.');
  else
    table(
      ['Kind', 'Devices', 'Compliant', 'Grace', 'Not compliant', 'Unknown'],
      report.byKind.map((k) => [k.kind, k.total, k.compliant, k.grace, k.noncompliant, k.unknown]),
      [175, 60, 65, 55, 70, 70],
    );

  h2('Safeguarding concerns');
  const c = report.concerns;
  table(
    ['Figure', 'Number'],
    [
      ['Raised automatically for the DSL to triage', c.raisedForTriage],
      ['Triaged: a safeguarding concern', c.triaged.concern],
      ['Triaged: allowed for the keeper’s role', c.triaged.allowed],
      ['Triaged: not a concern', c.triaged.notConcern],
      ['Logged as safeguarding concerns', c.logged],
      ['Median time from logging to assessment', fmtDays(c.medianDaysToAssessment)],
      ['Median time from logging to action', fmtDays(c.medianDaysToAction)],
      ['Open at the end of the period', c.openAtEnd],
      ['Of those, still waiting for triage', c.waitingForTriageAtEnd],
    ],
    [330, 165],
  );

  h2(`Exceptions in force at the end of the period (${report.exceptionsInForce})`);
  if (!report.exceptions) para('Exception details are shown to the IT lead and the DSL only.', MUTED);
  else if (report.exceptions.length === 0) para('None.');
  else
    for (const e of report.exceptions) {
      if (doc.y > doc.page.height - 120) doc.addPage();
      doc
        .font('Helvetica-Bold')
        .fontSize(10)
        .fillColor(INK)
        .text(`${e.apps.join(', ')} — ${e.scope}, until ${longDay(e.expiresAt.slice(0, 10))}`, { width });
      para(`Risk assessment: ${e.riskAssessment}`);
      para(`Approved by ${e.approvedBy}`, MUTED);
      doc.moveDown(0.4);
    }

  h2('Security review');
  const sr = report.securityReview;
  para(
    sr.last
      ? `Last review on ${longDay(sr.last.reviewedAt)} by ${sr.last.reviewedBy}: ${sr.last.notes}`
      : 'No security review has been recorded in Safefleet yet.',
  );
  para(`Next review due by ${longDay(sr.nextDueAt)}${sr.overdue ? ' — overdue' : ''}. The policy asks for a review at least twice a year.`);

  doc.end();
  return done;
}
