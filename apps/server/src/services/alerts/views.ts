import { z } from 'zod';
import { controlTitle, type Alert, type Delivery, type Keeper } from '@safefleet/protocol';
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

/** Alerts as the API gives them to admin/dsl (callers redact for viewers). */
export function alertViews(r: Repositories, rows: AlertRow[]): Alert[] {
  const devices = new Map<string, DeviceRow | undefined>();
  for (const id of new Set(rows.map((a) => a.deviceId))) devices.set(id, r.devices.findById(id));
  const concerns = r.concerns.idsByAlert(rows.map((a) => a.id));
  return rows.map((a) => toAlert(a, devices.get(a.deviceId), concerns.get(a.id) ?? null));
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
