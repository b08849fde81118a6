import { unallowedAppNames, type Alert, type Keeper } from '@safefleet/protocol';
import type { AlertMessageKind } from '../routing.js';

/** Everything a message about an alert is written from. */
export interface AlertMessageInput {
  kind: AlertMessageKind;
  /** The full (not redacted) alert. */
  alert: Alert;
  device: { id: string; hostname: string; keeper: Keeper | null };
  /** Absolute link to the device in the console. */
  link: string;
  /** Whole days since the alert opened. */
  daysOpen: number;
  /** When this message was written (ISO). */
  at: string;
  /** IANA time zone for dates in the text; the server's own when absent. */
  timeZone?: string | undefined;
  /** Absolute link to the concern this alert raised or joined (safeguarding alerts). */
  concernLink?: string | undefined;
  /** Sign-in-free link to the keeper's page (emails to the keeper). */
  keeperLink?: string | undefined;
}

/** "21 November 2026 at 09:00 GMT". */
export function when(iso: string, timeZone?: string): string {
  const options: Intl.DateTimeFormatOptions = {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  };
  try {
    return new Intl.DateTimeFormat('en-GB', { ...options, ...(timeZone ? { timeZone } : {}) }).format(new Date(iso));
  } catch {
    return new Intl.DateTimeFormat('en-GB', { ...options, timeZone: 'UTC' }).format(new Date(iso));
  }
}

/** "21 November 2026". */
export function day(iso: string, timeZone?: string): string {
  try {
    return new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', ...(timeZone ? { timeZone } : {}) }).format(new Date(iso));
  } catch {
    return iso.slice(0, 10);
  }
}

/** Names of the catalogue apps a social-apps alert is about (not those allowed by an exception). */
export function appNames(alert: Pick<Alert, 'control' | 'details'>): string[] {
  if (alert.control !== 'social-apps' || !alert.details) return [];
  return unallowedAppNames(alert.details);
}

/** "Sam Patel (sam@charity.org), Youth worker" or "No keeper recorded". */
export function keeperLine(keeper: Keeper | null): string {
  if (!keeper) return 'No keeper recorded for this device';
  const email = keeper.email ? ` (${keeper.email})` : '';
  const role = keeper.role ? `, ${keeper.role}` : '';
  return `${keeper.name}${email}${role}`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** One-line headline used as email subject and chat title. */
export function headline(input: AlertMessageInput): string {
  const { alert, device, kind } = input;
  const keeper = device.keeper?.name ? ` (${device.keeper.name})` : '';
  const apps = appNames(alert);
  const what = apps.length > 0 ? `${apps.join(', ')} found` : alert.controlTitle;
  switch (kind) {
    case 'alert-opened':
      if (alert.control === 'agent-checkin') return `Device not reporting: ${device.hostname}${keeper}`;
      return alert.category === 'safeguarding'
        ? `Safeguarding alert: ${what} on ${device.hostname}${keeper}`
        : `Needs attention: ${alert.controlTitle} on ${device.hostname}${keeper}`;
    case 'alert-reminder':
      return `Please fix: ${alert.controlTitle} on ${device.hostname}`;
    case 'alert-escalated':
      return `Still not fixed ${sinceWords(input.daysOpen)}: ${what} on ${device.hostname}${keeper}`;
    case 'alert-resolved':
      return allowedNotFixed(alert)
        ? `Allowed by exception: ${alert.controlTitle} on ${device.hostname}${keeper}`
        : `Resolved: ${alert.controlTitle} on ${device.hostname}${keeper}`;
  }
}

/** "after 3 days", "after 1 day", "since earlier today" (never "after 0 days"). */
export function sinceWords(days: number): string {
  return days <= 0 ? 'since earlier today' : `after ${plural(days, 'day')}`;
}

/** A resolved alert that passes because an exception (or an agreed channel) now allows the app: not "fixed". */
export function allowedNotFixed(alert: Pick<Alert, 'resolvedReason'>): boolean {
  return !!alert.resolvedReason && /^(Allowed by exception|Now an agreed work channel)/.test(alert.resolvedReason);
}
