import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { Command } from '@safefleet/protocol';
import type { Log } from '../services/context.js';
import { type ServerEventMap, ServerEvents } from '../services/events.js';
import type { AgentRegistry } from '../ws/agent-registry.js';
import type { ClusterBus } from './bus.js';
import type { AgentPresence } from './presence.js';

/** Every ServerEvent the console hub turns into live events for browsers. */
const BRIDGED_EVENTS = [
  'device-status-changed',
  'findings-changed',
  'device-changed',
  'device-revoked',
  'fleet-changed',
  'sessions-changed',
  'alert-opened',
  'alert-resolved',
] as const satisfies ReadonlyArray<keyof ServerEventMap>;
type BridgedEvent = (typeof BRIDGED_EVENTS)[number];

/** Events of one tick travel together; at most this many per message. */
const EVENTS_PER_MESSAGE = 100;

const EventsMessage = z.object({
  events: z.array(z.object({ name: z.enum(BRIDGED_EVENTS), payload: z.record(z.string(), z.unknown()) })).max(EVENTS_PER_MESSAGE),
});
const CommandMessage = z.object({ requestId: z.string().uuid(), deviceId: z.string().min(1).max(100), command: Command });
const AckMessage = z.object({ requestId: z.string().uuid(), delivered: z.boolean() });

const TOPIC_EVENTS = 'events';
const commandTopic = (nodeId: string) => `command:${nodeId}`;
const ackTopic = (nodeId: string) => `ack:${nodeId}`;

export interface ClusterNodeOptions {
  bus: ClusterBus;
  /** Null for a single console (the local bus): no presence rows are written. */
  presence: AgentPresence | null;
  registry: AgentRegistry;
  events: ServerEvents;
  log: Log;
  /** How long a command waits for the holding node's acknowledgement (default 5 s). */
  ackTimeoutMs?: number;
  /** Presence heartbeat interval (default 5 s). */
  heartbeatMs?: number;
}

/** Where a command went: this process's socket, another node's (acknowledged), or nowhere. */
export type CommandDelivery =
  | { delivered: true; node: string }
  | { delivered: false; node: string | null; reason: 'not-connected' | 'no-acknowledgement' };

/**
 * This console process as one node of a cluster sharing the database:
 * - presence: writes which node holds each agent connection (AgentPresence), heartbeat every 5 s;
 * - commands: a command for a device held by another node is published to that node, which sends
 *   it on the agent's socket and answers with an acknowledgement (delivered or not);
 * - live events: every ServerEvent the console hub uses is published (after commit, as emitted) and
 *   re-emitted on the other nodes on `remoteEvents`, which only the console hub listens to (alert
 *   engines etc. must not act twice). Payloads are sent whole, so fields such as the organisation
 *   reach the receiving node's filters; findings lists are left out (the hub re-reads the device).
 */
export class ClusterNode {
  /** Events raised on other nodes, for the console hub only. */
  readonly remoteEvents: ServerEvents;
  readonly nodeId: string;
  private readonly bus: ClusterBus;
  private readonly presence: AgentPresence | null;
  private readonly log: Log;
  private readonly ackTimeoutMs: number;
  /** Commands waiting for their acknowledgement: resolved with delivered true/false, or null on timeout. */
  private readonly pending = new Map<string, (delivered: boolean | null) => void>();
  private readonly off: Array<() => void> = [];
  private readonly outbox: Array<{ name: BridgedEvent; payload: Record<string, unknown> }> = [];
  private flushScheduled = false;
  private heartbeat: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly options: ClusterNodeOptions) {
    this.bus = options.bus;
    this.nodeId = options.bus.nodeId;
    this.presence = options.presence;
    this.log = options.log;
    this.ackTimeoutMs = options.ackTimeoutMs ?? 5000;
    this.remoteEvents = new ServerEvents((err, event) => this.log.error({ err, event }, 'a live event from another console node failed'));
  }

  get clustered(): boolean {
    return this.bus.kind !== 'local';
  }

  /** Subscribes and starts the heartbeat. Does nothing for a single console. */
  start(): void {
    if (!this.clustered) return;
    const { registry, events } = this.options;
    this.beat();
    this.heartbeat = setInterval(() => this.beat(), this.options.heartbeatMs ?? 5000);
    this.heartbeat.unref();
    registry.onPresence = (deviceId, connected) => {
      try {
        if (connected) this.presence?.connected(deviceId);
        else this.presence?.disconnected(deviceId);
      } catch (err) {
        this.log.warn({ err, deviceId }, 'could not record which console node holds the agent');
      }
    };
    // Every organisation's events, each with its organisation (the other nodes' live feeds filter by it).
    for (const name of BRIDGED_EVENTS) {
      this.off.push(events.onAnyOrganisation(name, (organisationId, payload) => this.queueEvent(name, { ...payload, organisationId })));
    }
    this.off.push(
      this.bus.subscribe(TOPIC_EVENTS, (message) => this.receiveEvents(message)),
      this.bus.subscribe(commandTopic(this.nodeId), (message, meta) => this.receiveCommand(message, meta.sender)),
      this.bus.subscribe(ackTopic(this.nodeId), (message) => {
        const ack = AckMessage.safeParse(message);
        if (ack.success) this.pending.get(ack.data.requestId)?.(ack.data.delivered);
      }),
    );
  }

  async stop(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const off of this.off.splice(0)) off();
    this.options.registry.onPresence = undefined;
    for (const resolve of this.pending.values()) resolve(null);
    try {
      this.presence?.leave();
    } catch (err) {
      this.log.warn({ err }, 'could not remove this node from the cluster tables');
    }
    await this.bus.close();
  }

  /** The other node holding the device's connection, or null (never this node). */
  holder(deviceId: string): string | null {
    if (!this.clustered || !this.presence) return null;
    const node = this.presence.holder(deviceId);
    return node && node !== this.nodeId ? node : null;
  }

  /**
   * Sends the command through the node holding the device and waits for its acknowledgement.
   * `not-connected` when no live node holds it; `no-acknowledgement` after the timeout.
   */
  async deliver(deviceId: string, command: Command): Promise<CommandDelivery> {
    const node = this.holder(deviceId);
    if (!node) return { delivered: false, node: null, reason: 'not-connected' };
    const requestId = randomUUID();
    const answer = new Promise<boolean | null>((resolve) => {
      const timer = setTimeout(() => done(null), this.ackTimeoutMs);
      const done = (delivered: boolean | null) => {
        clearTimeout(timer);
        this.pending.delete(requestId);
        resolve(delivered);
      };
      this.pending.set(requestId, done);
    });
    try {
      await this.bus.publish(commandTopic(node), { requestId, deviceId, command });
    } catch (err) {
      this.pending.get(requestId)?.(null);
      this.log.warn({ err, deviceId, node }, 'could not send a command to another console node');
    }
    const delivered = await answer;
    if (delivered) return { delivered: true, node };
    // false: the holder no longer had the socket (the agent just left); null: no answer in time.
    return { delivered: false, node, reason: delivered === false ? 'not-connected' : 'no-acknowledgement' };
  }

  private beat(): void {
    try {
      this.presence?.heartbeat();
    } catch (err) {
      this.log.warn({ err }, 'cluster heartbeat failed');
    }
  }

  private receiveCommand(message: unknown, sender: string): void {
    const parsed = CommandMessage.safeParse(message);
    if (!parsed.success) {
      this.log.warn({ sender }, 'ignored a malformed command from another console node');
      return;
    }
    const { requestId, deviceId, command } = parsed.data;
    const delivered = this.options.registry.send(deviceId, command);
    this.log.info({ deviceId, command: command.name, commandId: command.commandId, from: sender, delivered }, 'command from another console node');
    this.bus.publish(ackTopic(sender), { requestId, delivered }).catch((err) => this.log.warn({ err }, 'could not acknowledge a command'));
  }

  private queueEvent(name: BridgedEvent, payload: object): void {
    // The hub re-reads the device row; the findings list can be large and is not needed there.
    const p = name === 'findings-changed' ? { ...payload, findings: [] } : { ...payload };
    this.outbox.push({ name, payload: p as Record<string, unknown> });
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(() => this.flushEvents());
    }
  }

  private flushEvents(): void {
    this.flushScheduled = false;
    while (this.outbox.length > 0) {
      const events = this.outbox.splice(0, EVENTS_PER_MESSAGE);
      this.bus.publish(TOPIC_EVENTS, { events }).catch((err) => this.log.warn({ err }, 'could not send live events to the other console nodes'));
    }
  }

  private receiveEvents(message: unknown): void {
    const parsed = EventsMessage.safeParse(message);
    if (!parsed.success) {
      this.log.warn('ignored malformed live events from another console node');
      return;
    }
    for (const { name, payload } of parsed.data.events) {
      const { organisationId, ...event } = payload;
      if (typeof organisationId !== 'number' || !Number.isInteger(organisationId)) continue;
      this.remoteEvents.emitForOrganisation(organisationId, name, event as never);
    }
  }
}
