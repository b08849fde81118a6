import { z } from 'zod';
import { controlTitle, type Alert, type AlertDelivery, type Delivery, type Keeper } from '@safefleet/protocol';
import type { AlertRow } from '../../db/repositories/alerts.repository.js';
import type { DeliveryAttemptRow, DeliveryRow } from '../../db/repositories/deliveries.repository.js';
import type { DeviceRow } from '../../db/repositories/devices.repository.js';
import type { Repositories } from '../../db/repositories/index.js';
import { parseStoredOrSkip } from '../../db/stored-json.js';
import { redactUrl } from '../notifications/notification-settings.service.js';

/** An alert keeps its finding's details as stored JSON: an object, parsed, never cast. */
const ALERT_DETAILS = z.record(z.string(), z.unknown());

export function keeperOf(d: DeviceRow | undefined): Keeper | null {
  if (!d || d.keeperName === null) return null;
  return { name: d.keeperName, email: d.keeperEmail ?? '', role: d.keeperRole ?? '' };
}

export function toAlert(row: AlertRow, device: DeviceRow | undefined, concernId: number | null): Alert {
  return {
    id: row.id,
    deviceId: row.deviceId,
    hostname: device?.hostname ?? '(removed device)',
    keeperName: device?.keeperName ?? null,
    control: row.control,
    controlTitle: controlTitle(row.control),
    category: row.category,
    status: row.status,
    openedAt: row.openedAt,
    remindedAt: row.remindedAt,
    escalatedAt: row.escalatedAt,
    resolvedAt: row.resolvedAt,
    resolvedReason: row.resolvedReason,
    reason: row.reason,
    resolution: row.resolution,
    details: row.detailsJson ? (parseStoredOrSkip(ALERT_DETAILS, row.detailsJson, `details of alert ${row.id}`) ?? null) : null,
    concernId,
    link: `/devices/${row.deviceId}`,
    redacted: false,
  };
}

/** The true delivery state of one alert's new-alert messages (no addresses: any role may read it). */
export function deliveryState(rows: readonly DeliveryRow[]): AlertDelivery {
  const count = (...s: DeliveryRow['status'][]) => rows.filter((d) => s.includes(d.status)).length;
  const sent = count('sent', 'digested');
  const pending = count('pending');
  const held = count('held');
  const failed = count('failed');
  const lastSentAt = rows.reduce<string | null>((m, d) => (d.sentAt && (!m || d.sentAt > m) ? d.sentAt : m), null);
  const state: AlertDelivery['state'] =
    rows.length === 0 ? 'none' : pending > 0 ? 'pending' : held > 0 ? 'held' : failed === 0 ? 'sent' : sent > 0 ? 'partly' : 'failed';
  return { state, sent, pending: pending + held, failed, lastSentAt };
}

/** Alerts as the API gives them to admin/dsl (callers redact for viewers), with their delivery state. */
export function alertViews(r: Repositories, rows: AlertRow[]): Alert[] {
  const devices = new Map<string, DeviceRow | undefined>();
  for (const id of new Set(rows.map((a) => a.deviceId))) devices.set(id, r.devices.findById(id));
  const concerns = r.concerns.idsByAlert(rows.map((a) => a.id));
  const deliveries = new Map<string, DeliveryRow[]>();
  for (const d of r.deliveries.openedForAlerts(rows.map((a) => a.id))) {
    if (d.alertId) deliveries.set(d.alertId, [...(deliveries.get(d.alertId) ?? []), d]);
  }
  return rows.map((a) => ({
    ...toAlert(a, devices.get(a.deviceId), concerns.get(a.id) ?? null),
    delivery: deliveryState(deliveries.get(a.id) ?? []),
  }));
}

export function toDelivery(row: DeliveryRow, attempts: DeliveryAttemptRow[]): Delivery {
  return {
    id: row.id,
    kind: row.kind,
    channel: row.channel,
    format: row.format,
    alertId: row.alertId,
    deviceId: row.deviceId,
    target: row.channel === 'webhook' ? redactUrl(row.destination) : row.destination,
    recipientLabel: row.recipientLabel,
    subject: row.subject,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.nextAttemptAt,
    lastError: row.lastError,
    createdAt: row.createdAt,
    sentAt: row.sentAt,
    attemptLog: attempts.map((a) => ({
      attempt: a.attempt,
      at: a.at,
      ok: a.ok,
      response: a.response,
      error: a.error,
      durationMs: a.durationMs,
    })),
  };
}

export function deliveryViews(r: Repositories, rows: DeliveryRow[]): Delivery[] {
  const attempts = r.deliveries.attemptsFor(rows.map((d) => d.id));
  return rows.map((d) => toDelivery(d, attempts.get(d.id) ?? []));
}
