import type { DeliveryRow } from '../../db/repositories/deliveries.repository.js';
import { read, type ServiceContext, transaction } from '../context.js';
import type { DeliveryService } from '../notifications/deliveries.service.js';
import { plural } from './messages/format.js';
import type { NotificationSettingsService } from '../notifications/notification-settings.service.js';
import { alertViews } from './views.js';

export interface DigestRunResult {
  digests: number;
  items: number;
}

/**
 * The daily digest: technical alert emails held (status "held") are grouped per address into one
 * email listing what opened and what was fixed since the last digest, then marked "digested".
 */
export class DigestService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly settings: NotificationSettingsService,
    private readonly deliveries: DeliveryService,
  ) {}

  run(now: Date = this.ctx.now()): DigestRunResult {
    const at = now.toISOString();
    const held = read(this.ctx).deliveries.held();
    const byAddress = new Map<string, DeliveryRow[]>();
    for (const d of held) {
      const key = d.destination.toLowerCase();
      byAddress.set(key, [...(byAddress.get(key) ?? []), d]);
    }
    const result: DigestRunResult = { digests: 0, items: 0 };
    const consoleUrl = this.settings.consoleUrl();
    for (const items of byAddress.values()) {
      const to = items[0]!.destination;
      transaction(this.ctx, (r) => {
        const alerts = new Map(
          alertViews(r, r.alerts.byIds([...new Set(items.flatMap((i) => (i.alertId ? [i.alertId] : [])))])).map((a) => [a.id, a]),
        );
        const opened = items.filter((i) => i.kind !== 'alert-resolved');
        const fixed = items.filter((i) => i.kind === 'alert-resolved');
        const line = (i: DeliveryRow) => {
          const a = i.alertId ? alerts.get(i.alertId) : undefined;
          if (!a) return `- ${i.subject}`;
          const keeper = a.keeperName ? ` (${a.keeperName})` : '';
          return `- ${a.controlTitle} on ${a.hostname}${keeper}: ${a.reason}\n  ${consoleUrl}${a.link}`;
        };
        const subject = `Safefleet daily summary: ${plural(opened.length, 'new problem')}, ${fixed.length} fixed`;
        const text = [
          'Hello,',
          '',
          'This is the daily summary of technical problems on the charity’s devices.',
          '',
          ...(opened.length ? ['New problems:', ...opened.map(line), ''] : []),
          ...(fixed.length ? ['Fixed:', ...fixed.map(line), ''] : []),
          `Open the console: ${consoleUrl}`,
          '',
          'Sent by Safefleet. Safeguarding alerts are never held for this summary: they are sent at once.',
        ].join('\n');
        const digest = this.deliveries.queue(r, {
          kind: 'digest',
          route: { channel: 'email', destination: to, format: null, label: items[0]!.recipientLabel ?? 'IT lead', held: false },
          subject,
          payload: { to, subject, text },
          dedupeKey: `digest:${at}:${to.toLowerCase()}`,
        });
        if (digest)
          r.deliveries.markDigested(
            items.map((i) => i.id),
            digest.id,
            at,
          );
      });
      result.digests++;
      result.items += items.length;
    }
    if (result.digests > 0) this.deliveries.kick();
    return result;
  }
}
