import type { AlertRow } from '../../db/repositories/alerts.repository.js';
import type { AlertMessages } from './alert-messages.js';
import { read, type ServiceContext, transaction } from '../context.js';
import { RESOLVED_REVOKED, type AlertEngine } from './alert-engine.service.js';
import type { NotificationSettingsService } from '../notifications/notification-settings.service.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface LadderRunResult {
  open: number;
  reminded: number;
  escalated: number;
  resolved: number;
}

/**
 * The grace ladder, per control (settings.ladder): day 0 the alert opened (the engine routed it);
 * after remindKeeperAfterDays the keeper is emailed how to fix it (once; only when the device has a
 * keeper email); after escalateAfterDays it is escalated to the DSL, coordinator and IT lead (once).
 * Open alerts of revoked devices are resolved quietly.
 */
export class LadderService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly settings: NotificationSettingsService,
    private readonly messages: AlertMessages,
    private readonly engine: AlertEngine,
  ) {}

  run(now: Date = this.ctx.now()): LadderRunResult {
    const result: LadderRunResult = { open: 0, reminded: 0, escalated: 0, resolved: 0 };
    const at = now.toISOString();
    const resolved: Array<{ type: 'alert-resolved'; row: AlertRow }> = [];
    let queued = 0;
    for (const { id } of read(this.ctx).alerts.allOpen()) {
      try {
        transaction(this.ctx, (r) => {
          const alert = r.alerts.findById(id);
          if (!alert || alert.status !== 'open') return;
          const device = r.devices.findById(alert.deviceId);
          if (!device || device.revokedAt) {
            if (r.alerts.resolve(alert.id, at, RESOLVED_REVOKED)) {
              resolved.push({ type: 'alert-resolved', row: alert });
              result.resolved++;
            }
            return;
          }
          result.open++;
          const settings = this.settings.current(r);
          const step = settings.ladder[alert.control];
          const days = Math.floor((now.getTime() - new Date(alert.openedAt).getTime()) / DAY_MS);
          const concernId = r.concerns.idsByAlert([alert.id]).get(alert.id) ?? null;
          if (step.remindKeeperAfterDays !== null && alert.remindedAt === null && days >= step.remindKeeperAfterDays && device.keeperEmail) {
            queued += this.messages.queue(r, 'alert-reminder', alert, device, concernId, settings, now);
            r.alerts.update(alert.id, { remindedAt: at, updatedAt: at });
            result.reminded++;
          }
          if (step.escalateAfterDays !== null && alert.escalatedAt === null && days >= step.escalateAfterDays) {
            queued += this.messages.queue(r, 'alert-escalated', alert, device, concernId, settings, now);
            r.alerts.update(alert.id, { escalatedAt: at, updatedAt: at });
            result.escalated++;
          }
        });
      } catch (err) {
        this.ctx.log.error({ err, alertId: id }, 'the grace ladder failed for an alert');
      }
    }
    this.engine.publish(resolved, at);
    if (queued > 0) this.engine.wake();
    return result;
  }
}
