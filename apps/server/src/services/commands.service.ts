import { randomUUID } from 'node:crypto';
import type { Command } from '@safefleet/protocol';
import type { ClusterNode } from '../cluster/cluster.js';
import type { AgentRegistry } from '../ws/agent-registry.js';
import { AppError } from './errors.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A command without the envelope fields the service fills in. */
export type CommandInput = DistributiveOmit<Command, 'type' | 'commandId'>;

/** Sends commands to connected agents (used by routes; later by alerts). */
export class CommandsService {
  /** Set by app.ts when console processes share the database (src/cluster). */
  cluster: ClusterNode | undefined;

  constructor(private readonly registry: AgentRegistry) {}

  /**
   * Sends the command now; throws 409 "device is not connected" when no console process holds the
   * agent's live socket. Held by another process: handed to it without waiting (see deliverCommand).
   */
  sendCommand(deviceId: string, command: CommandInput): Command {
    const full = { ...command, type: 'command', commandId: randomUUID() } as Command;
    if (this.registry.send(deviceId, full)) return full;
    if (this.cluster?.holder(deviceId)) {
      void this.cluster.deliver(deviceId, full);
      return full;
    }
    throw new AppError(409, 'device is not connected');
  }

  /**
   * Sends the command and resolves once it is on the agent's socket: here, or on the console process
   * holding the connection (which acknowledges it). 409 when nobody holds it; 504 when the holding
   * process did not acknowledge in time (the command may or may not have reached the device).
   */
  async deliverCommand(deviceId: string, command: CommandInput): Promise<Command> {
    const full = { ...command, type: 'command', commandId: randomUUID() } as Command;
    if (this.registry.send(deviceId, full)) return full;
    const result = this.cluster ? await this.cluster.deliver(deviceId, full) : null;
    if (result?.delivered) return full;
    if (result?.reason === 'no-acknowledgement') {
      throw new AppError(504, "the console process holding the device's connection did not confirm the command; try again");
    }
    throw new AppError(409, 'device is not connected');
  }

  isConnected(deviceId: string): boolean {
    return this.registry.isConnected(deviceId) || this.cluster?.holder(deviceId) != null;
  }
}
