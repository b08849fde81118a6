import { alertForRole, type Alert, type AlertListQuery, type UserRole } from '@safefleet/protocol';
import type { ServiceContext } from '../services/context.js';
import type { CommandsService } from '../services/commands.service.js';
import { notFound } from '../services/errors.js';
import { AlertMessages } from './alert-messages.js';
import { ConcernsService } from './concerns/concerns.service.js';
import { aread, type AlertsContext } from './context.js';
import { DeliveryService } from './deliveries.service.js';
import { DigestService } from './digest.service.js';
import { AlertEngine } from './engine.service.js';
import { LadderService } from './ladder.service.js';
import { resolveAlertsOptions, type AlertsOptions, type AlertsOptionsInput } from './options.js';
import { PromptsService } from './prompts/prompts.service.js';
import { NotificationSettingsService } from './settings.service.js';
import { createTransports, type Transports } from './transports/index.js';
import { alertViews } from './views.js';

export { alertsOptionsFromEnv, resolveAlertsOptions, type AlertsOptions, type AlertsOptionsInput } from './options.js';

/**
 * Alerts, the concern log and password prompts, wired together. `start()` (from the app's onReady)
 * subscribes to findings-changed, reconciles alerts with the stored findings and starts the
 * delivery worker; `stop()` (onClose) undoes that. The node-cron jobs live in scheduler/alerts.jobs.ts.
 */
export class Alerts {
  readonly options: AlertsOptions;
  readonly settings: NotificationSettingsService;
  readonly deliveries: DeliveryService;
  readonly engine: AlertEngine;
  readonly ladder: LadderService;
  readonly digest: DigestService;
  readonly concerns: ConcernsService;
  readonly prompts: PromptsService;
  private readonly ctx: AlertsContext;

  constructor(base: ServiceContext, commands: CommandsService, options: AlertsOptionsInput = {}, transports?: Transports) {
    this.options = resolveAlertsOptions(options);
    this.ctx = { ...base, options: this.options, commands };
    this.settings = new NotificationSettingsService(this.ctx);
    this.deliveries = new DeliveryService(this.ctx, this.settings, transports ?? createTransports(this.options));
    this.concerns = new ConcernsService(this.ctx, this.settings);
    const messages = new AlertMessages(this.settings, this.deliveries);
    this.engine = new AlertEngine(this.ctx, this.settings, messages, this.deliveries, this.concerns);
    this.ladder = new LadderService(this.ctx, this.settings, messages, this.engine);
    this.digest = new DigestService(this.ctx, this.settings, this.deliveries);
    this.prompts = new PromptsService(this.ctx, this.settings, this.deliveries);
    // Digest switched off: send what was held at once rather than keep it.
    this.settings.onChange((s) => {
      if (!s.digest.enabled) this.digest.run();
    });
  }

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
    const r = aread(this.ctx.db);
    return alertViews(r, r.alerts.list(q)).map((a) => alertForRole(a, role));
  }

  get(id: string, role: UserRole): Alert {
    const r = aread(this.ctx.db);
    const row = r.alerts.findById(id);
    if (!row) throw notFound('Alert');
    return alertForRole(alertViews(r, [row])[0]!, role);
  }
}
