import { randomUUID } from 'node:crypto';
import { alertCategoryOf, SocialAppsDetails, type AlertEvent, type Finding } from '@safefleet/protocol';
import type { AlertRow } from '../../db/repositories/alerts.repository.js';
import type { DeviceRow } from '../../db/repositories/devices.repository.js';
import type { FindingsChangedEvent } from '../events.js';
import type { AlertMessages } from './alert-messages.js';
import type { ConcernsService } from '../concerns/concerns.service.js';
import type { Repositories } from '../../db/repositories/index.js';
import { derivedTransaction, read, type ServiceContext, transaction } from '../context.js';
import type { DeliveryService } from '../notifications/deliveries.service.js';
import type { NotificationSettingsService } from '../notifications/notification-settings.service.js';
import { alertViews } from './views.js';

export const RESOLVED_PASSES = 'The check passes again.';
export const RESOLVED_GRACE = 'The check is back within its grace period.';
export const RESOLVED_REVOKED = 'The device was removed from the console.';

/**
 * When a social-apps alert passes because the apps it was about are now allowed (an exception or an
 * agreed work channel), not removed: "Allowed by exception until 2027-05-01 (WhatsApp)".
 */
export function allowedReason(alert: AlertRow, f: Finding): string | null {
  if (f.control !== 'social-apps' || !alert.detailsJson) return null;
  const before = SocialAppsDetails.safeParse(safeJson(alert.detailsJson));
  const after = SocialAppsDetails.safeParse(f.details ?? {});
  if (!before.success || !after.success) return null;
  const was = new Set(before.data.found.filter((x) => !x.allowedByException && !x.approvedChannel).map((x) => x.appId));
  const still = after.data.found.filter((x) => was.has(x.appId));
  if (still.length === 0) return null;
  const exception = still.find((x) => x.allowedByException && x.allowedUntil);
  const names = [...new Set(still.map((x) => x.name))].join(', ');
  if (exception) return `Allowed by exception until ${exception.allowedUntil!.slice(0, 10)} (${names}).`;
  if (still.every((x) => x.approvedChannel)) return `Now an agreed work channel (${names}).`;
  return null;
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return {};
  }
}

/**
 * Alerts from transitions. For each control of a device: fail with no open alert → open one
 * (route it; a safeguarding alert also logs a concern); pass or grace with an open alert →
 * resolve it; anything else changes nothing, so an open condition never alerts twice. `unknown`
 * neither opens nor resolves (Safefleet could not tell).
 */
export class AlertEngine {
  private detach: (() => void) | undefined;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly settings: NotificationSettingsService,
    private readonly messages: AlertMessages,
    private readonly deliveries: DeliveryService,
    private readonly concerns: ConcernsService,
  ) {}

  /** Subscribes to findings-changed (emitted after the findings were committed). */
  attach(): void {
    if (this.detach) return;
    const listener = (e: FindingsChangedEvent) => this.reconcile(e.deviceId, e.findings);
    this.ctx.events.on('findings-changed', listener);
    this.detach = () => this.ctx.events.off('findings-changed', listener);
  }

  stop(): void {
    this.detach?.();
    this.detach = undefined;
  }

  /** Brings every device's alerts in line with its stored findings (at start, after downtime). */
  reconcileAll(): void {
    for (const d of read(this.ctx).devices.list({ includeRevoked: true })) {
      try {
        this.reconcile(d.id, read(this.ctx).findings.forDevice(d.id));
      } catch (err) {
        this.ctx.log.error({ err, deviceId: d.id }, 'reconciling alerts failed for a device');
      }
    }
  }

  /** Opens and resolves the device's alerts for these findings. Returns the events emitted. */
  reconcile(deviceId: string, findings: Finding[]): AlertEvent[] {
    const now = this.ctx.now();
    const at = now.toISOString();
    // Alerts follow the committed findings and are reconciled again at start: no fsync of their own.
    const events = derivedTransaction(this.ctx, (r) => {
      const out: Array<{ type: AlertEvent['type']; row: AlertRow }> = [];
      const device = r.devices.findById(deviceId);
      if (!device) return out;
      const open = new Map(r.alerts.openForDevice(deviceId).map((a) => [a.control, a]));
      if (device.revokedAt) {
        for (const a of open.values()) if (r.alerts.resolve(a.id, at, RESOLVED_REVOKED)) out.push({ type: 'alert-resolved', row: a });
        return out;
      }
      const settings = this.settings.current(r);
      for (const f of findings) {
        const existing = open.get(f.control);
        if (f.status === 'fail') {
          if (existing) this.refresh(r, existing, f, at);
          else {
            const row = this.open(r, device, f, now);
            if (row) out.push({ type: 'alert-opened', row });
          }
        } else if (existing && (f.status === 'pass' || f.status === 'grace')) {
          if (!r.alerts.resolve(existing.id, at, f.status === 'pass' ? (allowedReason(existing, f) ?? RESOLVED_PASSES) : RESOLVED_GRACE)) continue;
          const resolved = r.alerts.findById(existing.id)!;
          if (settings.notifyOnResolve) {
            const concernId = r.concerns.idsByAlert([resolved.id]).get(resolved.id) ?? null;
            this.messages.queue(r, 'alert-resolved', resolved, device, concernId, settings, now);
          }
          out.push({ type: 'alert-resolved', row: resolved });
        }
      }
      return out;
    });
    return this.publish(events, at);
  }

  private open(r: Repositories, device: DeviceRow, f: Finding, now: Date): AlertRow | undefined {
    const at = now.toISOString();
    const category = alertCategoryOf(f.control);
    const row = r.alerts.insertOpen({
      id: randomUUID(),
      deviceId: device.id,
      control: f.control,
      category,
      status: 'open',
      reason: f.reason,
      resolution: f.resolution,
      detailsJson: f.details ? JSON.stringify(f.details) : null,
      openedAt: at,
      updatedAt: at,
    });
    if (!row) return undefined;
    const concernId = category === 'safeguarding' ? this.concerns.logFromAlert(r, row, device, at) : null;
    this.messages.queue(r, 'alert-opened', row, device, concernId, this.settings.current(r), now);
    return row;
  }

  /** An open alert whose wording or details changed: updated quietly, no new message. */
  private refresh(r: Repositories, a: AlertRow, f: Finding, at: string): void {
    const detailsJson = f.details ? JSON.stringify(f.details) : null;
    if (a.reason === f.reason && a.resolution === f.resolution && a.detailsJson === detailsJson) return;
    r.alerts.update(a.id, { reason: f.reason, resolution: f.resolution, detailsJson, updatedAt: at });
    // A second app on the same device joins the concern waiting for triage.
    if (a.category === 'safeguarding') this.concerns.refreshFromAlert(r, { ...a, detailsJson }, at);
  }

  /** Wakes the delivery worker (messages were queued). */
  wake(): void {
    this.deliveries.kick();
  }

  /** Emits alert-opened / alert-resolved (after commit) and wakes the delivery worker. */
  publish(events: Array<{ type: AlertEvent['type']; row: AlertRow }>, at: string): AlertEvent[] {
    if (events.length === 0) return [];
    const r = read(this.ctx);
    const views = alertViews(
      r,
      events.map((e) => r.alerts.findById(e.row.id) ?? e.row),
    );
    const out = events.map((e, i) => ({ type: e.type, at, alert: views[i]! }));
    for (const e of out) {
      this.ctx.log.info(
        { alertId: e.alert.id, deviceId: e.alert.deviceId, control: e.alert.control },
        `${e.type}: ${e.alert.controlTitle} on ${e.alert.hostname}`,
      );
      this.ctx.events.emitSafe(e.type, e);
    }
    this.deliveries.kick();
    return out;
  }
}
