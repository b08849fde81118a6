import type { WebSocket } from 'ws';
import { CONSOLE_CLOSE_CODES, type ConsoleEvent, type ConsoleEventCause, type DeviceStatus } from '@safefleet/protocol';
import type { SessionActor } from '../services/auth.service.js';
import type { Log } from '../services/context.js';
import type { ServerEventMap, ServerEvents } from '../services/events.js';
import type { ServicesByOrganisation } from '../services/index.js';
import { visibleConsoleEventFor } from '../services/visibility.service.js';
import { SERVER_VERSION } from '../version.js';

/** A browser that sends nothing back must not make the server buffer without end. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

interface Client {
  socket: WebSocket;
  /** The session token from the cookie (kept in memory only) to re-check the session. */
  token: string;
  user: SessionActor;
  alive: boolean;
}

interface PendingDevice {
  organisationId: number;
  deviceId: string;
  previousStatus?: DeviceStatus;
  cause?: ConsoleEventCause;
}

/**
 * The browsers connected to /ws/console. Turns ServerEvents (emitted after commit) into
 * ConsoleEvents: evaluation events of one device in the same tick become one `device-updated`
 * carrying the row exactly as GET /api/devices gives it; alert events go out redacted per role.
 * Pings every `pingMs`, re-checks sessions
 * then and whenever sessions change, and closes with 4401 when a session has ended and with 4409
 * when it now acts in another organisation. Each browser receives only its session's organisation's
 * events (`broadcast`, beside the role filter).
 */
export class ConsoleHub {
  private readonly clients = new Set<Client>();
  private readonly pending = new Map<string, PendingDevice>();
  private flushScheduled = false;
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly unsubscribe: Array<() => void> = [];

  constructor(
    private readonly organisations: ServicesByOrganisation,
    private readonly log: Log,
    pingMs = 30_000,
    /** Events raised on other console processes (src/cluster), turned into live events the same way. */
    private readonly remoteEvents?: ServerEvents,
  ) {
    this.timer = setInterval(() => this.tick(), pingMs);
    this.timer.unref();
    this.on('device-status-changed', (org, e) => this.queue(org, e.deviceId, { previousStatus: e.previous, cause: e.cause }));
    this.on('findings-changed', (org, e) => this.queue(org, e.deviceId, { cause: e.cause }));
    this.on('device-changed', (org, e) => this.queue(org, e.deviceId, { cause: e.cause }));
    this.on('device-revoked', (org, e) => {
      this.flush();
      this.pending.delete(`${org}:${e.deviceId}`);
      this.broadcast(org, { type: 'device-removed', at: e.at, deviceId: e.deviceId });
    });
    this.on('fleet-changed', (org, e) => {
      this.flush();
      this.broadcast(org, { type: 'fleet-changed', at: e.at, cause: e.cause });
    });
    this.on('sessions-changed', () => this.recheckSessions());
    // Alerts (issue 5): each browser gets the alert as its role may see it (viewers: safeguarding redacted).
    for (const name of ['alert-opened', 'alert-resolved'] as const) {
      this.on(name, (org, e) => {
        this.flush();
        this.broadcast(org, e);
      });
    }
  }

  get size(): number {
    return this.clients.size;
  }

  add(socket: WebSocket, user: SessionActor, token: string): void {
    const client: Client = { socket, token, user, alive: true };
    this.clients.add(client);
    socket.on('pong', () => (client.alive = true));
    socket.on('message', () => {
      /* server → browser only: frames from the browser are ignored */
    });
    socket.on('close', () => this.clients.delete(client));
    socket.on('error', (err) => this.log.debug({ err }, 'console socket error'));
    this.send(client, { type: 'hello', serverVersion: SERVER_VERSION, at: this.organisations.for(user.organisationId).ctx.now().toISOString() });
  }

  /**
   * Sends an event of organisation `organisationId` to the browsers whose session acts in it (and
   * only those `filter` accepts), each as its user's role may read it (services/visibility.service.ts).
   */
  broadcast(organisationId: number, event: ConsoleEvent, filter?: (user: SessionActor) => ConsoleEvent | null): void {
    for (const client of this.clients) {
      const e = filter ? filter(client.user) : event;
      const visible = e && visibleConsoleEventFor(client.user, organisationId, e);
      if (visible) this.send(client, visible);
    }
  }

  /** Stops timers and listeners (sockets are closed by the websocket plugin's preClose). */
  stop(): void {
    clearInterval(this.timer);
    for (const off of this.unsubscribe.splice(0)) off();
  }

  /** Subscribes to a ServerEvent of every organisation (here and, clustered, on the other console processes) until stop(). */
  on<K extends keyof ServerEventMap>(event: K, listener: (organisationId: number, ...args: ServerEventMap[K]) => void): void {
    for (const events of [this.organisations.events, this.remoteEvents]) {
      if (events) this.unsubscribe.push(events.onAnyOrganisation(event, listener));
    }
  }

  private queue(organisationId: number, deviceId: string, change: Omit<PendingDevice, 'organisationId' | 'deviceId'>): void {
    const key = `${organisationId}:${deviceId}`;
    const p = this.pending.get(key) ?? { organisationId, deviceId };
    p.previousStatus ??= change.previousStatus;
    p.cause ??= change.cause;
    this.pending.set(key, p);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(() => this.flush());
    }
  }

  /** Sends one device-updated per pending device (events of one evaluation arrive together). */
  private flush(): void {
    this.flushScheduled = false;
    if (this.pending.size === 0) return;
    const batch = [...this.pending];
    this.pending.clear();
    if (this.clients.size === 0) return;
    for (const [, p] of batch) {
      const services = this.organisations.for(p.organisationId);
      const at = services.ctx.now().toISOString();
      const device = services.devices.summary(p.deviceId);
      if (!device) continue;
      this.broadcast(p.organisationId, {
        type: 'device-updated',
        at,
        device,
        ...(p.previousStatus && p.previousStatus !== device.status ? { previousStatus: p.previousStatus } : {}),
        ...(p.cause ? { cause: p.cause } : {}),
      });
    }
  }

  private send(client: Client, event: ConsoleEvent): void {
    const { socket } = client;
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.log.warn({ user: client.user.email }, 'console socket is not reading; closing it');
      socket.terminate();
      return;
    }
    socket.send(JSON.stringify(event));
  }

  /** Closes sockets whose session ended; picks up role changes for the others. */
  private recheckSessions(): void {
    for (const client of this.clients) {
      const user = this.organisations.for(1).auth.peek(client.token);
      if (!user) {
        this.clients.delete(client);
        client.socket.close(CONSOLE_CLOSE_CODES.unauthorized, 'session ended');
      } else if (user.organisationId !== client.user.organisationId) {
        this.clients.delete(client);
        client.socket.close(CONSOLE_CLOSE_CODES.organisationChanged, 'organisation changed');
      } else {
        client.user = user;
      }
    }
  }

  private tick(): void {
    try {
      this.recheckSessions();
    } catch (err) {
      this.log.error({ err }, 'checking console sessions failed');
    }
    for (const client of this.clients) {
      if (!client.alive) {
        this.clients.delete(client);
        client.socket.terminate();
        continue;
      }
      client.alive = false;
      if (client.socket.readyState === client.socket.OPEN) client.socket.ping();
    }
  }
}
