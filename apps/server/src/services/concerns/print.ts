import { CONCERN_STATUS_LABELS, type ConcernDetail } from '@safefleet/protocol';
import { when } from '../alerts/messages/format.js';
import { duration } from './view.js';

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const ACTION_WORDS: Record<string, string> = {
  logged: 'Logged',
  assessed: 'Assessed',
  actioned: 'Action recorded',
  closed: 'Closed',
  note: 'Note',
};

/** A self-contained, printable HTML record of one concern (no scripts, no external resources). */
export function concernPrintHtml(c: ConcernDetail, opts: { organisation?: string; printedAt: string; timeZone?: string | undefined }): string {
  const t = (iso: string | null) => (iso ? escapeHtml(when(iso, opts.timeZone)) : '—');
  const text = (s: string | null | undefined) => (s ? escapeHtml(s).replace(/\n/g, '<br>') : '—');
  const row = (label: string, value: string) => `<tr><th scope="row">${escapeHtml(label)}</th><td>${value}</td></tr>`;
  const referral = c.referral
    ? c.referral.made
      ? `Yes — to ${text(c.referral.to)}${c.referral.reference ? `, reference ${text(c.referral.reference)}` : ''}${c.referral.at ? `, on ${t(c.referral.at)}` : ''}`
      : 'No referral made'
    : '—';
  const events = c.events
    .map(
      (e) =>
        `<tr><td>${t(e.at)}</td><td>${escapeHtml(ACTION_WORDS[e.action] ?? e.action)}</td><td>${escapeHtml(e.actor)}</td><td>${text(e.note)}</td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>Safeguarding concern ${c.id}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem;color:#111;line-height:1.4}
h1{font-size:1.4rem;margin:0 0 .25rem}
.confidential{border:2px solid #111;padding:.25rem .5rem;display:inline-block;font-weight:bold;margin-bottom:1rem}
table{border-collapse:collapse;width:100%;margin:1rem 0}
th,td{border:1px solid #999;padding:.4rem .5rem;text-align:left;vertical-align:top}
th[scope=row]{width:14rem;background:#f3f3f3}
.overdue{color:#a00;font-weight:bold}
@media print{body{margin:0}a{color:inherit;text-decoration:none}}
</style>
</head>
<body>
<div class="confidential">CONFIDENTIAL — safeguarding record</div>
<h1>Safeguarding concern number ${c.id}</h1>
<p>Status: <strong>${escapeHtml(CONCERN_STATUS_LABELS[c.status])}</strong>${c.overdue ? ' <span class="overdue">(overdue)</span>' : ''}</p>
<table>
${row('Summary', text(c.summary))}
${row('Source', c.source === 'alert' ? 'Safefleet alert' : 'Opened by hand')}
${row('Device', text(c.hostname))}
${row('Keeper', text(c.keeperName))}
${row('Logged', `${t(c.loggedAt)} by ${text(c.loggedBy)}`)}
${row('Assessed', c.assessedAt ? `${t(c.assessedAt)} by ${text(c.assessedBy)} (after ${escapeHtml(duration(c.timeToAssessMinutes))})` : '—')}
${row('Assessment', text(c.assessment))}
${row('Action taken', c.actionedAt ? `${t(c.actionedAt)} by ${text(c.actionedBy)} (after ${escapeHtml(duration(c.timeToActionMinutes))})` : '—')}
${row('Actions', text(c.actionsTaken))}
${row('Referral', referral)}
${row('Closed', c.closedAt ? `${t(c.closedAt)} by ${text(c.closedBy)}` : '—')}
${row('Closing note', text(c.closingNote))}
${row('To be closed by', t(c.dueBy))}
</table>
<h2>History</h2>
<table>
<thead><tr><th>When</th><th>What</th><th>Who</th><th>Note</th></tr></thead>
<tbody>${events}</tbody>
</table>
<p>Printed ${t(opts.printedAt)}${opts.organisation ? ` for ${escapeHtml(opts.organisation)}` : ''} from Safefleet.</p>
</body>
</html>
`;
}
