import { EventEmitter } from 'node:events';
import type { CreateRecipientRequest, NotificationSettingsView, Recipient, UpdateNotificationSettingsRequest } from '@safefleet/protocol';
import type { RecipientRow } from '../../db/repositories/notifications.repository.js';
import { notFound } from '../errors.js';
import type { AlertsEnv } from '../alerts/options.js';
import type { Repositories } from '../../db/repositories/index.js';
import { read, type ServiceContext, transaction } from '../context.js';
import { effectiveSettings, mergeUpdate, parseStored, publicSettings, type Settings } from './notification-settings.js';

/** A webhook URL is a secret: show its origin only. */
export function redactUrl(url: string): string {
  try {
    return `${new URL(url).origin}/…`;
  } catch {
    return '(webhook)';
  }
}

export function toRecipient(row: RecipientRow): Recipient {
  return {
    id: row.id,
    name: row.name,
    channel: row.channel,
    address: row.channel === 'webhook' ? redactUrl(row.address) : row.address,
    format: row.format,
    control: row.control,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
  };
}

/** Alert and email settings (defaults < environment < console) and extra recipients. */
export class NotificationSettingsService {
  private readonly changes = new EventEmitter<{ changed: [Settings] }>();
  private listenUrl: string | null = null;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly env: AlertsEnv,
  ) {}

  /** The settings in force, read inside the caller's transaction or from the database. */
  current(r: Repositories = read(this.ctx)): Settings {
    return effectiveSettings(parseStored(r.notifications.settings()?.settingsJson), this.env).settings;
  }

  view(): NotificationSettingsView {
    const row = read(this.ctx).notifications.settings();
    const { settings, sources } = effectiveSettings(parseStored(row?.settingsJson), this.env);
    return { settings: publicSettings(settings), sources, updatedAt: row?.updatedAt ?? null, updatedBy: row?.updatedBy ?? null };
  }

  update(update: UpdateNotificationSettingsRequest, actor: string): NotificationSettingsView {
    const at = this.ctx.now().toISOString();
    transaction(this.ctx, (r) => {
      const stored = parseStored(r.notifications.settings()?.settingsJson);
      r.notifications.saveSettings(JSON.stringify(mergeUpdate(stored, update)), at, actor);
      const changed = Object.keys(update).filter((k) => (update as Record<string, unknown>)[k] !== undefined);
      r.audit.append(at, { actor, action: 'notifications.settings-updated', target: 'notification-settings', detail: { changed } });
      // New mail settings: waiting emails are tried again at once.
      if (update.smtp !== undefined || update.mailFrom !== undefined) r.deliveries.makeDueNow('email', at);
    });
    this.changes.emit('changed', this.current());
    return this.view();
  }

  onChange(listener: (s: Settings) => void): () => void {
    this.changes.on('changed', listener);
    return () => this.changes.off('changed', listener);
  }

  /** Base of links in messages: console setting, else --public-url, else the address it listens on. */
  consoleUrl(settings: Settings = this.current()): string {
    const base = settings.consoleUrl ?? this.ctx.config.publicUrl ?? this.listenUrl ?? `http://${this.ctx.config.host}:${this.ctx.config.port}`;
    return base.replace(/\/+$/, '');
  }

  setListenUrl(url: string): void {
    this.listenUrl = url;
  }

  recipients(): Recipient[] {
    return read(this.ctx).notifications.recipients().map(toRecipient);
  }

  addRecipient(req: CreateRecipientRequest, actor: string): Recipient {
    const at = this.ctx.now().toISOString();
    return transaction(this.ctx, (r) => {
      const row = r.notifications.addRecipient({
        name: req.name,
        channel: req.channel,
        address: req.channel === 'email' ? req.address : req.url,
        format: req.channel === 'webhook' ? req.format : null,
        control: req.control,
        createdAt: at,
        createdBy: actor,
      });
      const shown = toRecipient(row);
      r.audit.append(at, {
        actor,
        action: 'notifications.recipient-added',
        target: `recipient:${row.id}`,
        detail: { name: row.name, channel: row.channel, address: shown.address, format: row.format, control: row.control },
      });
      return shown;
    });
  }

  removeRecipient(id: number, actor: string): void {
    const at = this.ctx.now().toISOString();
    transaction(this.ctx, (r) => {
      const row = r.notifications.findRecipient(id);
      if (!row || !r.notifications.removeRecipient(id)) throw notFound('Recipient');
      r.audit.append(at, {
        actor,
        action: 'notifications.recipient-removed',
        target: `recipient:${id}`,
        detail: { name: row.name, channel: row.channel, address: toRecipient(row).address },
      });
    });
  }
}
