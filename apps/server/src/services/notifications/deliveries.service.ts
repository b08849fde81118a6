import { z } from 'zod';
import { randomUUID } from 'node:crypto';
import type { Delivery, DeliveryKind, DeliveryListQuery } from '@safefleet/protocol';
import type { DeliveryRow } from '../../db/repositories/deliveries.repository.js';
import { AppError, notFound } from '../errors.js';
import type { Repositories } from '../../db/repositories/index.js';
import { read, type ServiceContext, transaction } from '../context.js';
import { parseStored } from '../../db/stored-json.js';
import { backoffMs, type RetryOptions } from '../alerts/options.js';
import type { Route } from '../alerts/routing.js';
import type { NotificationSettingsService } from './notification-settings.service.js';
import { describeSendError, EmailPayload, senderOf, type Transports } from './transports.js';
import { deliveryViews } from '../alerts/views.js';

export interface QueueInput {
  kind: DeliveryKind;
  alertId?: string | null;
  deviceId?: string | null;
  route: Pick<Route, 'channel' | 'destination' | 'format' | 'label' | 'held'>;
  subject: string;
  /** EmailPayload for email, the JSON body for a webhook. */
  payload: EmailPayload | Record<string, unknown>;
  dedupeKey: string;
}

/** Longest the worker sleeps before looking for due deliveries again. */
const POLL_MS = 30_000;
const BATCH = 20;
/**
 * A delivery being sent is not due again for this long: several console processes share the
 * queue, and the one that moved the attempt on sends it. If that process stops mid-send, the
 * delivery is due again after this (longer than the SMTP and webhook timeouts).
 */
const ATTEMPT_LEASE_MS = 5 * 60_000;

/**
 * The delivery log and its worker. Messages are queued inside the transaction that caused them
 * (so none is lost if the console stops), then sent one at a time; a failure is retried with
 * exponential backoff (AlertsOptions.retry) until maxAttempts, every attempt logged.
 */
export class DeliveryService {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private started = false;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly settings: NotificationSettingsService,
    private readonly transports: Transports,
    private readonly retry: RetryOptions,
  ) {}

  /** Queues one message (inside the caller's transaction); undefined when already queued. */
  queue(r: Repositories, input: QueueInput): DeliveryRow | undefined {
    const at = this.ctx.now().toISOString();
    return r.deliveries.insertIfNew({
      alertId: input.alertId ?? null,
      deviceId: input.deviceId ?? null,
      kind: input.kind,
      channel: input.route.channel,
      format: input.route.format,
      destination: input.route.destination,
      recipientLabel: input.route.label,
      subject: input.subject.slice(0, 500),
      payloadJson: JSON.stringify(input.payload),
      status: input.route.held ? 'held' : 'pending',
      attempts: 0,
      nextAttemptAt: input.route.held ? null : at,
      createdAt: at,
      dedupeKey: input.dedupeKey,
    });
  }

  start(): void {
    this.started = true;
    this.kick();
  }

  /** Stops the worker; waits up to 5 s for a message being sent (it is tried again after a restart). */
  async stop(): Promise<void> {
    this.started = false;
    clearTimeout(this.timer);
    if (!this.running) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.running, new Promise<void>((resolve) => (timer = setTimeout(resolve, 5_000)))]);
    clearTimeout(timer);
  }

  /** Look for due deliveries soon (after new ones were queued). */
  kick(): void {
    if (!this.started) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.sendDue()
      .then(() => undefined)
      .catch((err: unknown) => this.ctx.log.error({ err }, 'the delivery worker failed'))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        } else {
          this.schedule();
        }
      });
  }

  private schedule(): void {
    if (!this.started) return;
    const next = read(this.ctx).deliveries.nextDueAt();
    const wait = next === null ? POLL_MS : Math.min(POLL_MS, Math.max(10, new Date(next).getTime() - this.ctx.now().getTime()));
    this.timer = setTimeout(() => this.kick(), wait);
    this.timer.unref();
  }

  /** Sends every delivery that is due now. Returns how many were attempted. */
  async sendDue(): Promise<number> {
    let count = 0;
    for (;;) {
      const due = read(this.ctx).deliveries.due(this.ctx.now().toISOString(), BATCH);
      if (due.length === 0) return count;
      for (const d of due) {
        if (await this.attempt(d)) count++;
      }
    }
  }

  /** Sends one delivery if this process claims the attempt (false: another process has it). */
  private async attempt(d: DeliveryRow): Promise<boolean> {
    const lease = new Date(this.ctx.now().getTime() + ATTEMPT_LEASE_MS).toISOString();
    const seen = d.nextAttemptAt;
    if (seen === null || !transaction(this.ctx, (r) => r.jobRuns.claimDeliveryAttempt(d.id, seen, lease))) return false;
    const settings = this.settings.current();
    const started = Date.now();
    let response: string | null = null;
    let error: string | null = null;
    try {
      response =
        d.channel === 'email'
          ? await this.transports.email(settings.smtp, senderOf(settings), parseStored(EmailPayload, d.payloadJson, `email of delivery ${d.id}`))
          : await this.transports.webhook(d.destination, parseStored(z.unknown(), d.payloadJson, `webhook body of delivery ${d.id}`));
    } catch (err) {
      error = describeSendError(err);
    }
    const at = this.ctx.now();
    const attempt = d.attempts + 1;
    const { maxAttempts } = this.retry;
    transaction(this.ctx, (r) => {
      r.deliveries.addAttempt({
        deliveryId: d.id,
        attempt,
        at: at.toISOString(),
        ok: error === null,
        response,
        error,
        durationMs: Date.now() - started,
      });
      if (error === null) {
        r.deliveries.update(d.id, { status: 'sent', attempts: attempt, sentAt: at.toISOString(), nextAttemptAt: null, lastError: null });
      } else if (attempt >= maxAttempts) {
        r.deliveries.update(d.id, { status: 'failed', attempts: attempt, nextAttemptAt: null, lastError: error });
      } else {
        const next = new Date(at.getTime() + backoffMs(attempt, this.retry)).toISOString();
        r.deliveries.update(d.id, { attempts: attempt, nextAttemptAt: next, lastError: error });
      }
    });
    const where = { deliveryId: d.id, kind: d.kind, channel: d.channel, attempt };
    if (error === null) this.ctx.log.info(where, `sent ${d.channel} "${d.subject}"`);
    else this.ctx.log.warn({ ...where, error }, attempt >= maxAttempts ? 'gave up sending' : 'sending failed; will retry');
    return true;
  }

  list(q: DeliveryListQuery): Delivery[] {
    const r = read(this.ctx);
    return deliveryViews(r, r.deliveries.list(q));
  }

  get(id: number): Delivery {
    const r = read(this.ctx);
    const row = r.deliveries.findById(id);
    if (!row) throw notFound('Delivery');
    return deliveryViews(r, [row])[0]!;
  }

  /** Tries a pending or failed delivery again now. */
  retryNow(id: number, actor: string): Delivery {
    const at = this.ctx.now().toISOString();
    transaction(this.ctx, (r) => {
      const row = r.deliveries.findById(id);
      if (!row) throw notFound('Delivery');
      if (row.status !== 'pending' && row.status !== 'failed')
        throw new AppError(409, `This message is ${row.status}; only waiting or failed ones can be retried`);
      r.deliveries.update(id, { status: 'pending', nextAttemptAt: at });
      r.audit.append(at, { actor, action: 'notifications.delivery-retried', target: `delivery:${id}`, detail: { subject: row.subject } });
    });
    this.kick();
    return this.get(id);
  }

  /** Queues a test email to `to` or the IT lead. */
  sendTest(to: string | undefined, actor: string): Delivery {
    const settings = this.settings.current();
    const address = to ?? settings.itLead?.email;
    if (!address) throw new AppError(400, 'Give an address to send the test email to, or name the IT lead first');
    const at = this.ctx.now().toISOString();
    const subject = 'Safefleet test email';
    const text = [
      'Hello,',
      '',
      'This is a test email from the Safefleet console. If you can read it, alert emails will reach you.',
      '',
      `Console: ${this.settings.consoleUrl(settings)}`,
    ].join('\n');
    const row = transaction(this.ctx, (r) => {
      const row = this.queue(r, {
        kind: 'test',
        route: { channel: 'email', destination: address, format: null, label: 'Test', held: false },
        subject,
        payload: { to: address, subject, text },
        dedupeKey: `test:${randomUUID()}`,
      });
      r.audit.append(at, { actor, action: 'notifications.test-sent', target: address });
      return row!;
    });
    this.kick();
    return this.get(row.id);
  }
}
