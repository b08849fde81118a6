/**
 * Two emails the console sends by itself, each once (the delivery log's dedupe key makes it
 * idempotent across restarts and repeated job runs), each audited when queued:
 *
 * - the trustees' quarterly report: in the first 14 days of a quarter (organisation time zone), the
 *   PDF of the quarter that ended, to the trustees' address from the Settings page;
 * - the security review reminder: when the twice-yearly review is due (30 days before, or overdue),
 *   to every IT lead and DSL console user, once per due date.
 */
import { visibleTrusteesReport } from '../visibility.service.js';
import { localDay } from '../calendar/working-days.js';
import { read, transaction } from '../context.js';
import type { Services } from '../index.js';
import { escapeHtml } from '../concerns/print.js';
import { renderReportPdf } from './report-pdf.js';
import { longDay, previousQuarter, quarterOf } from './period.js';

/** How many days into a quarter the last quarter's report is still sent (covers a console that was off on the 1st). */
export const TRUSTEES_REPORT_WINDOW_DAYS = 14;

export type ScheduledEmailResult = { queued: number; reason: string };

function consoleLink(services: Services, path: string): string | null {
  const base = services.notificationSettings.current().consoleUrl ?? services.ctx.config.publicUrl ?? null;
  return base ? `${base.replace(/\/+$/, '')}${path}` : null;
}

function html(paragraphs: string[], link: { href: string | null; words: string }): string {
  const body = paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
  const a = link.href ? `<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.words)}</a></p>` : '';
  return `<!doctype html><html><body style="font-family:sans-serif;line-height:1.4">\n${body}\n${a}\n</body></html>`;
}

/** The quarterly PDF to the trustees, once per quarter. */
export async function sendTrusteesReport(services: Services, now: Date = services.ctx.now()): Promise<ScheduledEmailResult> {
  const org = services.organisation.settings();
  if (!org.trusteesEmail) return { queued: 0, reason: 'no trustees’ address is set' };
  const today = localDay(now, org.timeZone);
  const { year, q } = quarterOf(today);
  const quarterStart = `${year}-${String((q - 1) * 3 + 1).padStart(2, '0')}-01`;
  const dayOfQuarter = (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${quarterStart}T00:00:00Z`)) / 86_400_000 + 1;
  if (dayOfQuarter > TRUSTEES_REPORT_WINDOW_DAYS) return { queued: 0, reason: 'not the start of a quarter' };
  const period = previousQuarter(today);
  const dedupeKey = `trustees-report:${period.from}`;
  if (read(services.ctx).deliveries.findByDedupeKey(dedupeKey)) return { queued: 0, reason: 'already sent for this quarter' };
  // Counts only (as a viewer reads it): the email leaves the console, the exceptions' detail stays in it.
  const report = visibleTrusteesReport(
    'viewer',
    services.report.build({ from: period.from, to: period.to }, { preparedBy: 'Safefleet (sent each quarter)', includeExceptions: false }),
  );
  const pdf = await renderReportPdf(report, org.logoDataUrl);
  const name = org.name || 'your organisation';
  const subject = `${name}: device safety report for ${period.label}`;
  const c = report.concerns;
  const lines = [
    `The device safety report of ${name} for ${period.label} is attached (PDF).`,
    `In short: ${report.devices.total} devices; ${c.logged} safeguarding concerns logged, ${c.openAtEnd} open at the end of the period.`,
    'Exceptions are counted in the PDF; their risk assessments are in the console (Report page) for the IT lead and the DSL.',
    'This email is sent by Safefleet at the start of each quarter to the trustees’ address on the Settings page.',
  ];
  const link = consoleLink(services, '/report');
  const queued = transaction(services.ctx, (r) => {
    const row = services.deliveries.queue(r, {
      kind: 'trustees-report',
      route: { channel: 'email', destination: org.trusteesEmail as string, format: null, label: 'The trustees', held: false },
      subject,
      payload: {
        to: org.trusteesEmail as string,
        subject,
        text: `${lines.join('\n\n')}${link ? `\n\nThe console: ${link}` : ''}\n`,
        html: html(lines, { href: link, words: 'Open the report in the console' }),
        attachments: [
          { filename: `safefleet-report-${period.from}-to-${period.to}.pdf`, contentType: 'application/pdf', contentBase64: pdf.toString('base64') },
        ],
      },
      dedupeKey,
    });
    if (row) {
      r.audit.append(now.toISOString(), {
        actor: 'scheduler',
        action: 'report.trustees-emailed',
        target: `delivery:${row.id}`,
        detail: { period: period.label, to: org.trusteesEmail, bytes: pdf.length },
      });
    }
    return row ? 1 : 0;
  });
  if (queued) services.deliveries.kick();
  return { queued, reason: queued ? `queued the report for ${period.label}` : 'already sent for this quarter' };
}

/** The twice-yearly security review reminder to the IT leads and DSLs, once per due date. */
export function remindSecurityReview(services: Services, now: Date = services.ctx.now()): ScheduledEmailResult {
  const status = services.organisation.reviews();
  if (!status.due) return { queued: 0, reason: 'no review is due' };
  // Keyed by the due date (never reviewed: six months after the console was set up), so once each.
  const dueKey = status.nextDueAt;
  const org = services.organisation.settings();
  const people = read(services.ctx)
    .memberships.members()
    .filter((u) => u.role === 'admin' || u.role === 'dsl' || u.role === 'provider');
  const name = org.name || 'your organisation';
  const last = status.reviews[0];
  const subject = status.overdue ? `${name}: the security review is overdue` : `${name}: the security review is due by ${longDay(status.nextDueAt)}`;
  const lines = [
    status.reviews.length === 0
      ? 'No security review has been recorded yet. The policy asks for security to be reviewed at least twice a year.'
      : `The last security review was on ${longDay(last?.reviewedAt ?? status.nextDueAt)} by ${last?.reviewedBy ?? 'someone'}; the next is due by ${longDay(status.nextDueAt)}.`,
    'The policy asks for security to be reviewed at least twice a year. When it is done, record who reviewed it, when and the notes on the Settings page; that sets the next due date.',
  ];
  const link = consoleLink(services, '/settings/organisation');
  let queued = 0;
  transaction(services.ctx, (r) => {
    for (const u of people) {
      const row = services.deliveries.queue(r, {
        kind: 'security-review-due',
        route: { channel: 'email', destination: u.email, format: null, label: u.role === 'dsl' ? 'The DSL' : 'The IT lead', held: false },
        subject,
        payload: {
          to: u.email,
          subject,
          text: `${lines.join('\n\n')}${link ? `\n\nRecord it here: ${link}` : ''}\n`,
          html: html(lines, { href: link, words: 'Record the review' }),
        },
        dedupeKey: `security-review-due:${dueKey}:${u.email.toLowerCase()}`,
      });
      if (!row) continue;
      queued++;
      r.audit.append(now.toISOString(), {
        actor: 'scheduler',
        action: 'security-review.reminder-sent',
        target: `delivery:${row.id}`,
        detail: { to: u.email, nextDueAt: status.nextDueAt, overdue: status.overdue },
      });
    }
  });
  if (queued) services.deliveries.kick();
  return { queued, reason: queued ? 'reminded the IT leads and DSLs' : 'already reminded for this due date' };
}
