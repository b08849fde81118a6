import type { Alert, AlertListQuery, AlertPage, AlertPageQuery, UserRole } from '@safefleet/protocol';
import { visibleAlert } from '../visibility.service.js';
import { read, type ServiceContext } from '../context.js';
import { notFound } from '../errors.js';
import type { DeliveryService } from '../notifications/deliveries.service.js';
import type { AlertEngine } from './alert-engine.service.js';
import { alertViews } from './views.js';

/**
 * Alerts as the API shows them, and the alerting lifecycle: `start()` (from the app's onReady)
 * subscribes the engine to findings-changed, reconciles alerts with the stored findings and starts
 * the delivery worker; `stop()` (onClose) undoes that. The node-cron jobs live in scheduler/alerts.jobs.ts.
 */
export class AlertsService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly engine: AlertEngine,
    private readonly deliveries: DeliveryService,
  ) {}

  start(): void {
    this.engine.attach();
    try {
      this.engine.reconcileAll();
    } catch (err) {
      this.ctx.log.error({ err }, 'reconciling alerts at start failed');
    }
    this.deliveries.start();
  }

  async stop(): Promise<void> {
    this.engine.stop();
    await this.deliveries.stop();
  }

  /** Alerts as `role` may see them (safeguarding details only for admin and dsl). */
  list(q: AlertListQuery, role: UserRole): Alert[] {
    const r = read(this.ctx);
    return alertViews(r, r.alerts.list(q)).map((a) => visibleAlert(role, a));
  }

  /** One page of alerts as `role` may see them, with the true total of matches. */
  page(q: AlertPageQuery, role: UserRole): AlertPage {
    const r = read(this.ctx);
    const { offset, limit, ...filter } = q;
    const rows = r.alerts.list({ ...filter, offset, limit });
    return { items: alertViews(r, rows).map((a) => visibleAlert(role, a)), total: r.alerts.count(filter), offset, limit };
  }

  get(id: string, role: UserRole): Alert {
    const r = read(this.ctx);
    const row = r.alerts.findById(id);
    if (!row) throw notFound('Alert');
    return visibleAlert(role, alertViews(r, [row])[0]!);
  }
}
