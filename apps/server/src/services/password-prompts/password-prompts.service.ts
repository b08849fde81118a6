import {
  findingFor,
  type AccountPasswordDue,
  type DevicePasswordDue,
  type DevicePasswordPrompts,
  type PasswordPrompt,
  type PromptRunResult,
} from '@safefleet/protocol';
import type { NotifyStatusMessage } from '@safefleet/protocol';
import type { DeviceRow } from '../../db/repositories/devices.repository.js';
import type { PasswordPromptRow } from '../../db/repositories/password-prompts.repository.js';
import { notFound } from '../errors.js';
import type { CommandsService } from '../commands.service.js';
import { loadPolicy } from '../stored-policy.js';
import type { Repositories } from '../../db/repositories/index.js';
import { read, type ServiceContext, transaction } from '../context.js';
import type { DeliveryService } from '../notifications/deliveries.service.js';
import type { NotificationSettingsService } from '../notifications/notification-settings.service.js';
import { accountsDue, NO_PASSWORD_DUE, nextDue, quarterOf } from './due.js';
import { promptEmail, promptNotification, QUARTERLY_NOTIFICATION, quarterlyEmail } from './messages.js';

const DAY_MS = 24 * 60 * 60 * 1000;

function toPrompt(row: PasswordPromptRow, emailStatus: PasswordPrompt['emailStatus']): PasswordPrompt {
  return {
    id: row.id,
    deviceId: row.deviceId,
    kind: row.kind,
    username: row.username,
    passwordLastSetAt: row.passwordLastSetAt,
    dueAt: row.dueAt,
    createdAt: row.createdAt,
    title: row.title,
    body: row.body,
    agent: row.agentStatus,
    agentSentAt: row.agentSentAt,
    agentShownAt: row.agentShownAt,
    agentOpenedAt: row.agentOpenedAt,
    email: row.emailStatus,
    emailDeliveryId: row.emailDeliveryId,
    emailStatus,
  };
}

const EMPTY: PromptRunResult = { devices: 0, prompts: 0, notifySent: 0, emailsQueued: 0 };

/**
 * Quarterly password prompts. From policy.passwordAge.graceDays (14) before an account's password
 * is due, the device's agent is sent `notify` (a native notification for that user) and the keeper
 * is emailed; repeated every settings.prompts.repeatDays (3) days until the agent reports a newer
 * password date. On the first day of each quarter every keeper gets a reminder.
 */
export class PasswordPromptsService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly settings: NotificationSettingsService,
    private readonly deliveries: DeliveryService,
    private readonly commands: CommandsService,
  ) {}

  private accountsOf(r: Repositories, d: DeviceRow, now: Date): AccountPasswordDue[] {
    const policy = loadPolicy(r, this.ctx.log);
    const facts = (d.latestReportId ? r.reports.factsOf(d.latestReportId) : undefined) ?? null;
    const finding = findingFor(r.findings.forDevice(d.id), 'password-age');
    return accountsDue(facts, finding, policy.passwordAge.maxAgeDays, policy.passwordAge.graceDays, now);
  }
  /**
   * The agent says a prompt's notification was shown, or clicked by the keeper: kept on the prompt
   * (the first time of each; "opened" implies shown). The time is the agent's, bounded by when the
   * command was sent and now, so a wrong device clock cannot put it before the prompt or in the future.
   */
  recordNotifyStatus(deviceId: string, m: NotifyStatusMessage): boolean {
    return transaction(this.ctx, (r) => {
      const row = r.prompts.byCommand(deviceId, m.commandId);
      if (!row) return false;
      const now = this.ctx.now().toISOString();
      const floor = row.agentSentAt ?? row.createdAt;
      const at = m.at < floor ? floor : m.at > now ? now : m.at;
      const patch: { agentShownAt?: string; agentOpenedAt?: string } = {};
      if (!row.agentShownAt) patch.agentShownAt = at;
      if (m.event === 'opened' && !row.agentOpenedAt) patch.agentOpenedAt = at;
      if (Object.keys(patch).length === 0) return false;
      r.prompts.update(row.id, patch);
      return true;
    });
  }

  /** One run of the prompt job. */
  run(now: Date = this.ctx.now()): PromptRunResult {
    const settings = this.settings.current();
    if (!settings.prompts.enabled) return { ...EMPTY };
    const result = { ...EMPTY };
    const repeatMs = settings.prompts.repeatDays * DAY_MS;
    // Only devices with a password due within the lead time (or not computed yet), by index.
    const leadDays = loadPolicy(read(this.ctx), this.ctx.log).passwordAge.graceDays;
    const horizon = new Date(now.getTime() + leadDays * DAY_MS).toISOString();
    // Due dates computed here (devices never computed, e.g. after the upgrade) are written together
    // at the end: one transaction, not one commit (and fsync) per device.
    const dueChanges: [string, string][] = [];
    for (const device of read(this.ctx).devices.passwordDueBy(horizon)) {
      result.devices++;
      try {
        const all = this.accountsOf(read(this.ctx), device, now);
        const due = nextDue(all) ?? NO_PASSWORD_DUE;
        if (due !== device.passwordDueAt) dueChanges.push([device.id, due]);
        const accounts = all.filter((a) => a.state === 'due-soon' || a.state === 'overdue');
        for (const a of accounts) {
          const last = read(this.ctx).prompts.latestFor(device.id, a.username, a.passwordLastSetAt);
          if (last && now.getTime() - new Date(last.createdAt).getTime() < repeatMs) {
            // Already prompted recently; the agent was offline then: send the notification now.
            if (last.agentStatus === 'not-connected' && this.notify(last, device, a.username)) result.notifySent++;
            continue;
          }
          const note = promptNotification(a, settings.digest.timezone);
          const mail = promptEmail(a, device, device.keeperName, settings.digest.timezone);
          const row = transaction(this.ctx, (r) => {
            const row = r.prompts.create({
              deviceId: device.id,
              kind: a.state === 'overdue' ? 'overdue' : 'due-soon',
              username: a.username,
              passwordLastSetAt: a.passwordLastSetAt,
              dueAt: a.dueAt,
              createdAt: now.toISOString(),
              title: note.title,
              body: note.body,
              agentStatus: 'not-connected',
              emailStatus: device.keeperEmail ? 'queued' : 'no-keeper-email',
            });
            if (device.keeperEmail) {
              const delivery = this.deliveries.queue(r, {
                kind: 'password-prompt',
                deviceId: device.id,
                route: { channel: 'email', destination: device.keeperEmail, format: null, label: 'Keeper', held: false },
                subject: mail.subject,
                payload: { to: device.keeperEmail, subject: mail.subject, text: mail.text },
                dedupeKey: `prompt:${row.id}`,
              });
              if (delivery) {
                r.prompts.update(row.id, { emailDeliveryId: delivery.id });
                result.emailsQueued++;
              }
            }
            return row;
          });
          result.prompts++;
          if (this.notify(row, device, a.username)) result.notifySent++;
        }
      } catch (err) {
        this.ctx.log.error({ err, deviceId: device.id }, 'password prompts failed for a device');
      }
    }
    if (dueChanges.length > 0) {
      transaction(this.ctx, (r) => {
        for (const [id, due] of dueChanges) r.devices.setPasswordDue(id, due);
      });
    }
    if (result.emailsQueued > 0) this.deliveries.kick();
    if (result.prompts > 0) this.ctx.log.info(result, 'password prompts sent');
    return result;
  }

  /** A run asked for from the console (audited). */
  runNow(actor: string): PromptRunResult {
    const result = this.run();
    transaction(this.ctx, (r) =>
      r.audit.append(this.ctx.now().toISOString(), { actor, action: 'password-prompts.run', target: null, detail: { ...result } }),
    );
    return result;
  }

  /** Sends the prompt's notification to the device's agent if it is connected. */
  private notify(row: PasswordPromptRow, device: DeviceRow, user: string | null): boolean {
    if (!this.commands.isConnected(device.id)) return false;
    try {
      const cmd = this.commands.sendCommand(device.id, {
        name: 'notify',
        args: { title: row.title, body: row.body, ...(user ? { user } : {}) },
      });
      transaction(this.ctx, (r) =>
        r.prompts.update(row.id, { agentStatus: 'sent', agentSentAt: this.ctx.now().toISOString(), commandId: cmd.commandId }),
      );
      return true;
    } catch (err) {
      this.ctx.log.warn({ err, deviceId: device.id }, 'could not send a password notification to the device');
      return false;
    }
  }

  /** The first-day-of-the-quarter reminder to every keeper (once per device per quarter). */
  runQuarterly(now: Date = this.ctx.now()): PromptRunResult {
    const settings = this.settings.current();
    if (!settings.prompts.enabled || !settings.prompts.quarterlyReminder) return { ...EMPTY };
    const { start, key } = quarterOf(now);
    const result = { ...EMPTY };
    const devices = read(this.ctx)
      .devices.list()
      .filter((d) => !read(this.ctx).prompts.hasQuarterlySince(d.id, start.toISOString()));
    const byKeeper = new Map<string, DeviceRow[]>();
    for (const d of devices) {
      const k = d.keeperEmail ? d.keeperEmail.toLowerCase() : `device:${d.id}`;
      byKeeper.set(k, [...(byKeeper.get(k) ?? []), d]);
    }
    for (const group of byKeeper.values()) {
      const first = group[0]!;
      const rows = transaction(this.ctx, (r) => {
        let deliveryId: number | null = null;
        if (first.keeperEmail) {
          const mail = quarterlyEmail(first.keeperName, group);
          const delivery = this.deliveries.queue(r, {
            kind: 'quarterly-reminder',
            deviceId: first.id,
            route: { channel: 'email', destination: first.keeperEmail, format: null, label: 'Keeper', held: false },
            subject: mail.subject,
            payload: { to: first.keeperEmail, subject: mail.subject, text: mail.text },
            dedupeKey: `quarterly:${key}:${first.keeperEmail.toLowerCase()}`,
          });
          if (delivery) {
            deliveryId = delivery.id;
            result.emailsQueued++;
          }
        }
        return group.map((d) =>
          r.prompts.create({
            deviceId: d.id,
            kind: 'quarterly',
            username: null,
            createdAt: now.toISOString(),
            title: QUARTERLY_NOTIFICATION.title,
            body: QUARTERLY_NOTIFICATION.body,
            agentStatus: 'not-connected',
            emailStatus: d.keeperEmail ? 'queued' : 'no-keeper-email',
            emailDeliveryId: deliveryId,
          }),
        );
      });
      group.forEach((d, i) => {
        result.devices++;
        result.prompts++;
        if (this.notify(rows[i]!, d, null)) result.notifySent++;
      });
    }
    if (result.emailsQueued > 0) this.deliveries.kick();
    return result;
  }

  /** Each device's "password due" date and accounts. */
  dueList(): DevicePasswordDue[] {
    const r = read(this.ctx);
    const last = r.prompts.lastPromptAt();
    const now = this.ctx.now();
    return r.devices.list().map((d) => this.due(r, d, now, last.get(d.id) ?? null));
  }

  private due(r: Repositories, d: DeviceRow, now: Date, lastPromptAt: string | null): DevicePasswordDue {
    const accounts = this.accountsOf(r, d, now);
    return { deviceId: d.id, hostname: d.hostname, keeperName: d.keeperName, nextDueAt: nextDue(accounts), accounts, lastPromptAt };
  }

  /** One device's due dates and prompt history (newest first). */
  forDevice(deviceId: string): DevicePasswordPrompts {
    const r = read(this.ctx);
    const d = r.devices.findById(deviceId);
    if (!d) throw notFound('Device');
    const rows = r.prompts.forDevice(deviceId);
    const statuses = new Map(r.deliveries.byIds(rows.flatMap((p) => (p.emailDeliveryId ? [p.emailDeliveryId] : []))).map((x) => [x.id, x.status]));
    const prompts = rows.map((p) => toPrompt(p, p.emailDeliveryId ? (statuses.get(p.emailDeliveryId) ?? null) : null));
    return { ...this.due(r, d, this.ctx.now(), rows[0]?.createdAt ?? null), prompts };
  }
}
