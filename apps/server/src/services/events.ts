import { EventEmitter } from 'node:events';
import type { AlertEvent, ControlId, DeviceStatus, Finding } from '@safefleet/protocol';

/** Why a device was (re-)evaluated. */
export type EvaluationCause = 'report' | 'checkin' | 'policy' | 'keeper' | 'hello' | 'exception';

export interface DeviceStatusChangedEvent {
  deviceId: string;
  hostname: string;
  previous: DeviceStatus;
  status: DeviceStatus;
  /** Controls failing after the change. */
  failing: ControlId[];
  /** ISO time of the change. */
  at: string;
  cause: EvaluationCause;
}

export interface FindingsChangedEvent {
  deviceId: string;
  hostname: string;
  findings: Finding[];
  /** Controls whose status differs from before (empty when only wording changed). */
  changed: ControlId[];
  at: string;
  cause: EvaluationCause;
}

/** A device changed without (or besides) an evaluation: enrolled, or its keeper was set. */
export interface DeviceChangedEvent {
  deviceId: string;
  hostname: string;
  at: string;
  cause: 'enrolled' | 'keeper';
}

/** A device was revoked (first time only). */
export interface DeviceRevokedEvent {
  deviceId: string;
  hostname: string;
  at: string;
}

/** Many devices may have changed at once (policy saved, exception or keeper role changed). */
export interface FleetChangedServerEvent {
  at: string;
  cause: 'policy' | 'exception' | 'role';
}

/**
 * Console sessions ended or a user's role changed (sign-out, password change, user changed or
 * removed): live console sockets re-check their session. `userId` when known.
 */
export interface SessionsChangedEvent {
  userId?: number;
  at: string;
}

export interface ServerEventMap {
  'device-status-changed': [DeviceStatusChangedEvent];
  'findings-changed': [FindingsChangedEvent];
  'device-changed': [DeviceChangedEvent];
  'device-revoked': [DeviceRevokedEvent];
  'fleet-changed': [FleetChangedServerEvent];
  'sessions-changed': [SessionsChangedEvent];
  /** An alert opened / resolved (src/alerts), after commit; the full alert: redact per role (alertEventForRole). */
  'alert-opened': [AlertEvent];
  'alert-resolved': [AlertEvent];
}

/**
 * In-process events, emitted only after the database transaction committed.
 * Listener errors are caught and logged so a broken subscriber never breaks ingest.
 */
export class ServerEvents extends EventEmitter<ServerEventMap> {
  constructor(private readonly onListenerError: (err: unknown, event: string) => void = () => {}) {
    super();
  }

  emitSafe<K extends keyof ServerEventMap>(event: K, ...args: ServerEventMap[K]): void {
    for (const listener of this.listeners(event)) {
      try {
        (listener as (...a: ServerEventMap[K]) => unknown)(...args);
      } catch (err) {
        this.onListenerError(err, event);
      }
    }
  }
}
