import { randomUUID } from 'node:crypto';
import type { Command } from '@safefleet/protocol';
import type { AgentRegistry } from '../ws/agent-registry.js';
import { AppError } from './errors.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A command without the envelope fields the service fills in. */
export type CommandInput = DistributiveOmit<Command, 'type' | 'commandId'>;

/** Sends commands to connected agents (used by routes; later by alerts). */
export class CommandsService {
  constructor(private readonly registry: AgentRegistry) {}

  /** Sends the command now; throws 409 "device is not connected" when the agent has no live socket. */
  sendCommand(deviceId: string, command: CommandInput): Command {
    const full = { ...command, type: 'command', commandId: randomUUID() } as Command;
    if (!this.registry.send(deviceId, full)) throw new AppError(409, 'device is not connected');
    return full;
  }

  isConnected(deviceId: string): boolean {
    return this.registry.isConnected(deviceId);
  }
}
