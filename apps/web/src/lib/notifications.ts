import type { Delivery, DeliveryAttempt, DeliveryKind, DeliveryStatus, LadderStep, SettingSource, SmtpTls, WebhookFormat } from '@safefleet/protocol';

export const DELIVERY_STATUS_WORDS: Record<DeliveryStatus, string> = {
  pending: 'Waiting to send',
  sent: 'Sent',
  failed: 'Could not send',
  held: 'Held for the daily summary',
  digested: 'Sent in the daily summary',
};

export const DELIVERY_STATUS_ICONS: Record<DeliveryStatus, string> = {
  pending: '◔',
  sent: '✓',
  failed: '✕',
  held: '‖',
  digested: '✓',
};

export const DELIVERY_KIND_WORDS: Record<DeliveryKind, string> = {
  'alert-opened': 'New alert',
  'alert-reminder': 'Reminder to the keeper',
  'alert-escalated': 'Escalation',
  'alert-resolved': 'Alert resolved',
  digest: 'Daily summary',
  'password-prompt': 'Password reminder',
  'quarterly-reminder': 'Quarterly password reminder',
  test: 'Test email',
  'trustees-report': 'Trustees’ quarterly report',
  'security-review-due': 'Security review reminder',
};

export const WEBHOOK_FORMAT_WORDS: Record<WebhookFormat, string> = {
  generic: 'Webhook',
  teams: 'Microsoft Teams',
  slack: 'Slack',
};

/** "email", "Microsoft Teams", "Slack", "Webhook". */
export function channelWords(d: Pick<Delivery, 'channel' | 'format'>): string {
  return d.channel === 'email' ? 'email' : WEBHOOK_FORMAT_WORDS[d.format ?? 'generic'];
}

export const SMTP_TLS_WORDS: Record<SmtpTls, string> = {
  opportunistic: 'Encrypt when the mail server offers it (usual, port 587 or 25)',
  starttls: 'Always encrypt with STARTTLS (port 587)',
  implicit: 'Encrypted from the start (port 465)',
  none: 'Never encrypt (only for a mail server on this computer)',
};

export const SOURCE_WORDS: Record<SettingSource, string> = {
  console: 'Set on this page',
  environment: 'Set when the console was started',
  default: 'Safefleet’s default',
};

/** One attempt in plain words: "Sent (250 OK)", "Failed: connection refused". */
export function attemptWords(a: Pick<DeliveryAttempt, 'ok' | 'response' | 'error'>): string {
  if (a.ok) return a.response ? `Sent (${a.response})` : 'Sent';
  return `Failed${a.error ? `: ${a.error}` : ''}`;
}

export function canRetry(d: Pick<Delivery, 'status'>): boolean {
  return d.status === 'failed' || d.status === 'pending';
}

/** "Remind the keeper after 1 day; escalate after 7 days", "No automatic steps". */
export function ladderWords(step: LadderStep): string {
  const days = (n: number) => (n === 0 ? 'at once' : `after ${n} day${n === 1 ? '' : 's'}`);
  const parts = [
    step.remindKeeperAfterDays === null ? null : `remind the keeper ${days(step.remindKeeperAfterDays)}`,
    step.escalateAfterDays === null ? null : `escalate to the DSL and IT lead ${days(step.escalateAfterDays)}`,
  ].filter((p): p is string => p !== null);
  if (parts.length === 0) return 'No reminder and no escalation';
  const s = parts.join('; ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * A days field of the grace ladder: "" switches the step off (null); otherwise a whole number
 * 0–365. Returns undefined when the text is not valid.
 */
export function parseLadderDays(text: string): number | null | undefined {
  const t = text.trim();
  if (t === '') return null;
  if (!/^\d+$/.test(t)) return undefined;
  const n = Number(t);
  return n <= 365 ? n : undefined;
}

/** A port field: 1–65535, else undefined. */
export function parsePort(text: string): number | undefined {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return undefined;
  const n = Number(t);
  return n >= 1 && n <= 65_535 ? n : undefined;
}
