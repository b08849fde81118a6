import { EventEmitter } from 'node:events';
import type { ControlId, DeviceStatus, Finding } from '@safefleet/protocol';

/** Why a device was (re-)evaluated. */
export type EvaluationCause = 'report' | 'checkin' | 'policy' | 'keeper' | 'hello';

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

export interface ServerEventMap {
  'device-status-changed': [DeviceStatusChangedEvent];
  'findings-changed': [FindingsChangedEvent];
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
