import type { AlertCategory, ControlId, DeliveryChannel, Person, WebhookFormat } from '@safefleet/protocol';
import type { RecipientRow } from '../../db/repositories/notifications.repository.js';
import type { Settings } from '../notifications/notification-settings.js';

export type AlertMessageKind = 'alert-opened' | 'alert-reminder' | 'alert-escalated' | 'alert-resolved';

export interface Route {
  channel: DeliveryChannel;
  /** Email address or webhook URL. */
  destination: string;
  format: WebhookFormat | null;
  /** Who it is for, in plain words ("DSL", "IT lead", "Keeper", a recipient's name). */
  label: string;
  /** Held for the daily digest instead of sent now. */
  held: boolean;
}

export interface RouteInput {
  kind: AlertMessageKind;
  category: AlertCategory;
  control: ControlId;
  settings: Settings;
  recipients: RecipientRow[];
  keeperEmail: string | null;
}

/**
 * Who hears about an alert:
 * - opened / resolved: safeguarding → the DSL and the online-safety coordinator (the IT lead only
 *   when neither is named, so a safeguarding alert never goes nowhere); technical → the IT lead.
 *   Plus the extra recipients and webhooks for that control (or for every control).
 * - reminder: the keeper only (their device's keeper email).
 * - escalated: the DSL, the coordinator and the IT lead, plus the control's extra recipients and webhooks.
 * With the daily digest on, technical opened/resolved emails are held for it; webhooks never are.
 * Email addresses are deduplicated ignoring case (the DSL may also be the coordinator).
 */
export function routeAlert(input: RouteInput): Route[] {
  const { kind, category, settings } = input;
  const routes: Route[] = [];
  const seen = new Set<string>();
  const hold = settings.digest.enabled && category === 'technical' && (kind === 'alert-opened' || kind === 'alert-resolved');
  const email = (address: string | null | undefined, label: string) => {
    if (!address) return;
    const key = `email:${address.trim().toLowerCase()}`;
    if (seen.has(key)) return;
    seen.add(key);
    routes.push({ channel: 'email', destination: address.trim(), format: null, label, held: hold });
  };
  const person = (p: Person | null, label: string) => email(p?.email, label);

  if (kind === 'alert-reminder') {
    email(input.keeperEmail, 'Keeper');
    return routes;
  }
  if (kind === 'alert-escalated') {
    person(settings.dsl, 'DSL');
    person(settings.onlineSafetyCoordinator, 'Online-safety coordinator');
    person(settings.itLead, 'IT lead');
  } else if (category === 'safeguarding') {
    person(settings.dsl, 'DSL');
    person(settings.onlineSafetyCoordinator, 'Online-safety coordinator');
    if (routes.length === 0) person(settings.itLead, 'IT lead');
  } else {
    person(settings.itLead, 'IT lead');
  }
  for (const r of input.recipients) {
    if (r.control !== null && r.control !== input.control) continue;
    if (r.channel === 'email') {
      email(r.address, r.name);
    } else {
      const key = `webhook:${r.address}`;
      if (seen.has(key)) continue;
      seen.add(key);
      routes.push({ channel: 'webhook', destination: r.address, format: r.format ?? 'generic', label: r.name, held: false });
    }
  }
  return routes;
}
