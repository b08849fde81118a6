import { CONCERN_STATUS_LABELS, type Concern } from '@safefleet/protocol';

/**
 * One CSV cell. Quoted when it holds a comma, quote or line break; a cell starting with = + - @
 * or a tab is prefixed with ' so a spreadsheet never runs it as a formula.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const COLUMNS: Array<[string, (c: Concern) => string | number | boolean | null]> = [
  ['Number', (c) => c.id],
  ['Status', (c) => CONCERN_STATUS_LABELS[c.status]],
  ['Source', (c) => (c.source === 'alert' ? 'Safefleet alert' : 'Opened by hand')],
  ['Device', (c) => c.hostname],
  ['Keeper', (c) => c.keeperName],
  ['Summary', (c) => c.summary],
  ['Logged at', (c) => c.loggedAt],
  ['Logged by', (c) => c.loggedBy],
  ['Assessed at', (c) => c.assessedAt],
  ['Assessed by', (c) => c.assessedBy],
  ['Assessment', (c) => c.assessment],
  ['Actioned at', (c) => c.actionedAt],
  ['Actioned by', (c) => c.actionedBy],
  ['Actions taken', (c) => c.actionsTaken],
  ['Referral made', (c) => (c.referral === null ? null : c.referral.made ? 'Yes' : 'No')],
  ['Referred to', (c) => c.referral?.to ?? null],
  ['Referral reference', (c) => c.referral?.reference ?? null],
  ['Referral date', (c) => c.referral?.at ?? null],
  ['Closed at', (c) => c.closedAt],
  ['Closed by', (c) => c.closedBy],
  ['Closing note', (c) => c.closingNote],
  ['Minutes to assess', (c) => c.timeToAssessMinutes],
  ['Minutes to action', (c) => c.timeToActionMinutes],
  ['Due by', (c) => c.dueBy],
  ['Overdue', (c) => (c.overdue ? 'Yes' : 'No')],
];

/** The concern log as CSV (UTF-8 with a byte-order mark so Excel reads accents; CRLF lines). */
export function concernsCsv(concerns: Concern[]): string {
  const lines = [COLUMNS.map(([h]) => csvCell(h)).join(',')];
  for (const c of concerns) lines.push(COLUMNS.map(([, get]) => csvCell(get(c))).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
