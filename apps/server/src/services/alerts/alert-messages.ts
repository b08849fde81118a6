import { createHash } from 'node:crypto';
import type { AlertRow } from '../../db/repositories/alerts.repository.js';
import type { DeviceRow } from '../../db/repositories/devices.repository.js';
import type { Repositories } from '../../db/repositories/index.js';
import type { DeliveryService } from '../notifications/deliveries.service.js';
import { alertEmail } from './messages/alert-email.js';
import { headline, type AlertMessageInput } from './messages/format.js';
import { webhookBody } from './messages/webhooks.js';
import { routeAlert, type AlertMessageKind } from './routing.js';
import type { NotificationSettingsService } from '../notifications/notification-settings.service.js';
import type { Settings } from '../notifications/notification-settings.js';
import { keeperOf, toAlert } from './views.js';
import { newKeeperLinkKey, signKeeperToken } from '../keeper-links.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Writes and queues the emails and webhook posts about one alert event (inside a transaction). */
export class AlertMessages {
  constructor(
    private readonly settingsService: NotificationSettingsService,
    private readonly deliveries: DeliveryService,
  ) {}

  /** Returns how many messages were queued. */
  queue(
    r: Repositories,
    kind: AlertMessageKind,
    alert: AlertRow,
    device: DeviceRow,
    concernId: number | null,
    settings: Settings,
    now: Date,
  ): number {
    const routes = routeAlert({
      kind,
      category: alert.category,
      control: alert.control,
      settings,
      recipients: r.notifications.recipients(),
      keeperEmail: device.keeperEmail,
    });
    if (routes.length === 0) return 0;
    const base = this.settingsService.consoleUrl(settings);
    const org = r.organisation.settings();
    const keeperLink =
      kind === 'alert-reminder' && device.keeperEmail
        ? `${base}/keeper/${signKeeperToken(r.organisation.ensureKeeperLinkKey(newKeeperLinkKey(), now.toISOString()), device.keeperEmail, now)}`
        : undefined;
    const input: AlertMessageInput = {
      kind,
      alert: toAlert(alert, device, concernId),
      device: { id: device.id, hostname: device.hostname, keeper: keeperOf(device) },
      link: `${this.settingsService.consoleUrl(settings)}/devices/${encodeURIComponent(device.id)}`,
      daysOpen: Math.max(0, Math.floor((now.getTime() - new Date(alert.openedAt).getTime()) / DAY_MS)),
      at: now.toISOString(),
      // The organisation's time zone (Settings page; Europe/London by default).
      timeZone: settings.digest.timezone ?? org.timeZone,
      ...(concernId !== null ? { concernLink: `${base}/concerns/${concernId}` } : {}),
      ...(keeperLink ? { keeperLink } : {}),
    };
    let queued = 0;
    for (const route of routes) {
      if (route.channel === 'email') {
        const mail = alertEmail(input, route.label);
        const row = this.deliveries.queue(r, {
          kind,
          alertId: alert.id,
          deviceId: device.id,
          route,
          subject: mail.subject,
          payload: { to: route.destination, subject: mail.subject, text: mail.text, html: mail.html },
          dedupeKey: `${kind}:${alert.id}:email:${route.destination.toLowerCase()}`,
        });
        if (row) queued++;
      } else {
        const urlKey = createHash('sha256').update(route.destination).digest('hex').slice(0, 24);
        const row = this.deliveries.queue(r, {
          kind,
          alertId: alert.id,
          deviceId: device.id,
          route,
          subject: headline(input),
          payload: webhookBody(route.format ?? 'generic', input),
          dedupeKey: `${kind}:${alert.id}:webhook:${urlKey}`,
        });
        if (row) queued++;
      }
    }
    return queued;
  }
}
