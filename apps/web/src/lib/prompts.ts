import type { AccountPasswordDue, PasswordDueState, PasswordPrompt } from '@safefleet/protocol';
import { formatDate, formatDateTime, plural } from './format';

export const DUE_STATE_LABELS: Record<PasswordDueState, string> = {
  ok: 'Not due yet',
  'due-soon': 'Due soon',
  overdue: 'Overdue',
  unknown: 'Not known',
};

/** "Due on 21 Feb 2027, in 92 days", "Was due on 2 Nov 2026, 19 days ago", "Date not known". */
export function accountDueWords(a: Pick<AccountPasswordDue, 'dueAt' | 'daysLeft' | 'state'>): string {
  if (!a.dueAt || a.state === 'unknown') return 'The computer did not say when this password was last changed.';
  const days = a.daysLeft ?? 0;
  if (days < 0) return `Was due on ${formatDate(a.dueAt)}, ${plural(-days, 'day')} ago`;
  if (days === 0) return `Due today (${formatDate(a.dueAt)})`;
  return `Due on ${formatDate(a.dueAt)}, in ${plural(days, 'day')}`;
}

const KIND_WORDS: Record<PasswordPrompt['kind'], string> = {
  'due-soon': 'Reminder',
  overdue: 'Overdue reminder',
  quarterly: 'Quarterly reminder',
};

/**
 * One prompt in plain words, e.g. "Reminder sent to sam on 21 Nov 2026 by notification and email."
 * Says what did not go out and why (device not connected, no keeper email, email failed).
 */
export function promptWords(p: PasswordPrompt, keeperName: string | null = null): string {
  const who = p.username ?? keeperName ?? 'the keeper';
  const head = `${KIND_WORDS[p.kind]} sent to ${who} on ${formatDate(p.createdAt)}`;
  const notified = p.agent === 'sent';
  const emailFailed = p.email === 'queued' && p.emailStatus === 'failed';
  const emailed = p.email === 'queued' && !emailFailed;
  const notes: string[] = [];
  if (!notified) notes.push('the device was not connected, so no notification was shown');
  if (p.email === 'no-keeper-email') notes.push('no email: the keeper has no email address');
  if (emailFailed) notes.push('the email could not be sent');
  if (emailed && p.emailStatus === 'pending') notes.push('the email is waiting to send');
  const by = notified && emailed ? 'by notification and email' : notified ? 'by notification' : emailed ? 'by email' : null;
  if (!by) return `${KIND_WORDS[p.kind]} for ${who} on ${formatDate(p.createdAt)} was not delivered: ${notes.join('; ')}.`;
  return `${head} ${by}${notes.length ? ` (${notes.join('; ')})` : ''}.`;
}

/** "Notification: sent 21 Nov 2026, 09:00 · shown 09:00 · opened 09:05" (what the agent reported back). */
export function notificationSteps(p: PasswordPrompt): string {
  const steps = [`sent ${formatDateTime(p.agentSentAt)}`];
  steps.push(p.agentShownAt ? `shown ${formatDateTime(p.agentShownAt)}` : 'not yet shown');
  if (p.agentShownAt) steps.push(p.agentOpenedAt ? `opened ${formatDateTime(p.agentOpenedAt)}` : 'not opened');
  return `Notification: ${steps.join(' · ')}.`;
}
