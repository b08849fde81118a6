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
  private readonly tagged = new Map<string, Set<(organisationId: number, ...args: never[]) => void>>();

  constructor(readonly onListenerError: (err: unknown, event: string) => void = () => {}) {
    super();
  }

  /**
   * Hears `event` of EVERY organisation with the organisation's id (the live console feed, which
   * sends each browser only its session's organisation's events). Returns the unsubscribe.
   */
  onAnyOrganisation<K extends keyof ServerEventMap>(event: K, listener: (organisationId: number, ...args: ServerEventMap[K]) => void): () => void {
    let set = this.tagged.get(event);
    if (!set) {
      set = new Set();
      this.tagged.set(event, set);
    }
    const l = listener as unknown as (organisationId: number, ...args: never[]) => void;
    set.add(l);
    return () => set.delete(l);
  }

  /** Tells `onAnyOrganisation` listeners of an organisation's event (OrganisationEvents calls it). */
  emitForOrganisation<K extends keyof ServerEventMap>(organisationId: number, event: K, ...args: ServerEventMap[K]): void {
    for (const listener of this.tagged.get(event) ?? []) {
      try {
        (listener as unknown as (organisationId: number, ...a: ServerEventMap[K]) => unknown)(organisationId, ...args);
      } catch (err) {
        this.onListenerError(err, event);
      }
    }
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

/**
 * One organisation's events: its services emit and hear only their own organisation's events; each
 * event is also passed to the console's bus tagged with the organisation (onAnyOrganisation).
 */
export class OrganisationEvents extends ServerEvents {
  constructor(
    readonly organisationId: number,
    private readonly bus: ServerEvents,
  ) {
    super(bus.onListenerError);
  }

  override emitSafe<K extends keyof ServerEventMap>(event: K, ...args: ServerEventMap[K]): void {
    // The console bus first (the live feed queues a device before the alert engine reacts to it),
    // then the organisation's own listeners.
    this.bus.emitForOrganisation(this.organisationId, event, ...args);
    super.emitSafe(event, ...args);
  }
}
