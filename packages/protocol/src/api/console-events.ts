import { z } from 'zod';
import { IsoDateTime, ShortString } from '../facts/common.js';
import { DeviceStatus } from '../compliance.js';
import { AlertEvent } from './alerts.js';
import { DeviceSummary } from './devices.js';

/**
 * WebSocket /ws/console — live updates for the web console.
 *
 * Authenticated by the session cookie (SESSION_COOKIE) sent with the upgrade request; without a
 * valid session the upgrade is refused with HTTP 401. Any role may connect. Server → browser only:
 * one JSON object per text frame, a ConsoleEvent; the server ignores frames from the browser.
 * The browser ignores event types it does not know (parseConsoleEvent returns null), so the
 * server can add events. The server pings every 30 s (protocol-level ping) and closes with
 * CONSOLE_CLOSE_CODES.unauthorized when the session ends (sign-out, expiry, user removed);
 * the browser then signs in again. After any other close the browser reconnects (backoff up to
 * 30 s) and reloads what it shows, because events sent while it was away are not replayed.
 */
export const CONSOLE_WS_PATH = '/ws/console';

export const CONSOLE_CLOSE_CODES = {
  /** Server going down. Reconnect. */
  goingAway: 1001,
  /** The session ended: sign in again. */
  unauthorized: 4401,
  /** The session now acts in another organisation (POST /api/auth/organisation): reconnect and reload everything. */
  organisationChanged: 4409,
} as const;

/** What made the server re-evaluate (matches the server's EvaluationCause plus console actions; `role`: a keeper role changed). */
export const ConsoleEventCause = z.enum(['report', 'checkin', 'policy', 'keeper', 'hello', 'exception', 'enrolled', 'revoked', 'role']);
export type ConsoleEventCause = z.infer<typeof ConsoleEventCause>;

/** First frame after connecting. */
export const ConsoleHelloEvent = z.object({
  type: z.literal('hello'),
  serverVersion: ShortString,
  at: IsoDateTime,
});

/**
 * A device appeared, reported, or was re-evaluated (report stored, check-in window passed, keeper
 * changed, exception granted/revoked/expired). `device` is the row exactly as GET /api/devices
 * would now give it. Sent after the database transaction committed, at most once per device per
 * evaluation.
 */
export const DeviceUpdatedEvent = z.object({
  type: z.literal('device-updated'),
  at: IsoDateTime,
  device: DeviceSummary,
  /** Status before this change, when it changed. */
  previousStatus: DeviceStatus.optional(),
  cause: ConsoleEventCause.optional(),
});

/** A device was revoked: drop it from lists. */
export const DeviceRemovedEvent = z.object({
  type: z.literal('device-removed'),
  at: IsoDateTime,
  deviceId: ShortString,
});

/**
 * Many things changed at once (policy saved, exception or role changed): reload the fleet summary,
 * trend, device list and any open detail. The server may send this instead of many device-updated.
 */
export const FleetChangedEvent = z.object({
  type: z.literal('fleet-changed'),
  at: IsoDateTime,
  cause: ConsoleEventCause.optional(),
});

/**
 * Every server → browser frame. `alert-opened` / `alert-resolved` are alerts.ts AlertEvent (the live
 * alerts feed): each browser gets the alert as its role may see it (alertEventForRole), so a
 * viewer's safeguarding alerts arrive redacted.
 */
export const ConsoleEvent = z.discriminatedUnion('type', [ConsoleHelloEvent, DeviceUpdatedEvent, DeviceRemovedEvent, FleetChangedEvent, AlertEvent]);
export type ConsoleEvent = z.infer<typeof ConsoleEvent>;

/** Parses one frame. Unknown types, bad JSON and invalid events give null (ignored). */
export function parseConsoleEvent(frame: string): ConsoleEvent | null {
  let data: unknown;
  try {
    data = JSON.parse(frame);
  } catch {
    return null;
  }
  const r = ConsoleEvent.safeParse(data);
  return r.success ? r.data : null;
}
