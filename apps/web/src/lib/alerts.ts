import { unallowedAppNames, type Alert, type AlertDelivery, type AlertEvent, type Delivery } from '@safefleet/protocol';
import { formatDateTime } from './format';
import { channelWords, DELIVERY_STATUS_WORDS } from './notifications';

/** What a viewer sees instead of a safeguarding alert's details (the schema's `redacted` flag). */
export const REDACTED_WORDS = 'Safeguarding alert — details are visible to the DSL';

/** Newest first. */
function byOpened(a: Alert, b: Alert): number {
  return b.openedAt.localeCompare(a.openedAt) || a.id.localeCompare(b.id);
}

/**
 * The open-alerts list after one live event: `alert-opened` adds (or refreshes) the alert,
 * `alert-resolved` removes it. Applying the same event twice changes nothing, so events that
 * arrive while the list is being (re)loaded can simply be applied again on top of it.
 */
export function applyAlertEvent(open: readonly Alert[], e: Pick<AlertEvent, 'type' | 'alert'>): Alert[] {
  const rest = open.filter((a) => a.id !== e.alert.id);
  if (e.type === 'alert-resolved' || e.alert.status === 'resolved') return rest;
  return [...rest, e.alert].sort(byOpened);
}

/** Recently resolved alerts after one live event (newest resolution first, at most `max`). */
export function applyResolvedEvent(resolved: readonly Alert[], e: Pick<AlertEvent, 'type' | 'alert'>, max = 20): Alert[] {
  if (e.type !== 'alert-resolved') return [...resolved];
  const rest = resolved.filter((a) => a.id !== e.alert.id);
  return [e.alert, ...rest].slice(0, max);
}

/** Names of the catalogued apps an alert found ("Telegram", "WhatsApp"), when it says. */
export function alertApps(a: Pick<Alert, 'details'>): string[] {
  return unallowedAppNames(a.details);
}

/** Who an alert goes to by the console's rules, for people who cannot read the delivery log. */
export function routeWords(a: Pick<Alert, 'category'>): string {
  return a.category === 'safeguarding' ? 'The DSL and the online-safety coordinator' : 'The IT lead';
}

export interface SentTo {
  who: string;
  how: string;
  status: string;
  failed: boolean;
}

/** The new-alert messages of one alert, one line each: who, how (email/Teams/…), and whether it went. */
export function sentTo(alertId: string, deliveries: readonly Delivery[]): SentTo[] {
  return deliveries
    .filter((d) => d.alertId === alertId && d.kind === 'alert-opened')
    .sort((a, b) => a.id - b.id)
    .map((d) => ({
      who: d.recipientLabel ? `${d.recipientLabel} (${d.target})` : d.target,
      how: channelWords(d),
      status: DELIVERY_STATUS_WORDS[d.status],
      failed: d.status === 'failed',
    }));
}

/** "No open alerts", "1 open alert", "3 open alerts". */
export function openAlertsWords(n: number): string {
  return n === 0 ? 'No open alerts' : `${n} open alert${n === 1 ? '' : 's'}`;
}

/** The true delivery state of an alert's messages in words (no addresses: shown to every role). */
export function deliveryWords(d: AlertDelivery): string {
  const messages = (n: number) => `${n} message${n === 1 ? '' : 's'}`;
  switch (d.state) {
    case 'none':
      return 'Not sent: no alert recipient was set, so this alert reached no one.';
    case 'pending':
      return `Not delivered yet: the console is still trying to send ${messages(d.pending)}${d.sent ? ` (${d.sent} sent)` : ''}.`;
    case 'held':
      return 'Waiting for the daily summary email.';
    case 'sent':
      return `Delivered (${messages(d.sent)}${d.lastSentAt ? `, last on ${formatDateTime(d.lastSentAt)}` : ''}).`;
    case 'partly':
      return `Partly delivered: ${d.sent} sent, ${d.failed} could not be sent.`;
    case 'failed':
      return `Not delivered: ${d.failed === 1 ? 'the message' : `all ${d.failed} messages`} could not be sent.`;
  }
}
