import type { WebSocket } from 'ws';
import { CLOSE_CODES, type ServerMessage } from '@safefleet/protocol';
import { DeviceLimits } from './device-limits.js';

/** The live agent sockets, one per device. */
export class AgentRegistry {
  private readonly sockets = new Map<string, WebSocket>();
  /** Told when a device's live connection starts or ends here (cluster presence; unset on a single console). */
  onPresence: ((deviceId: string, connected: boolean) => void) | undefined;

  /** Per-device message and byte allowances (kept across reconnections). */
  constructor(readonly limits: DeviceLimits = new DeviceLimits()) {}

  /** Registers a device's socket; an older socket for the same device is closed as replaced. */
  add(deviceId: string, socket: WebSocket): void {
    const old = this.sockets.get(deviceId);
    this.sockets.set(deviceId, socket);
    this.onPresence?.(deviceId, true);
    if (old && old !== socket) old.close(CLOSE_CODES.replaced, 'replaced by a newer connection');
  }

  /** Forgets the socket, unless a newer one already replaced it. */
  remove(deviceId: string, socket: WebSocket): void {
    if (this.sockets.get(deviceId) === socket) {
      this.sockets.delete(deviceId);
      this.onPresence?.(deviceId, false);
    }
  }

  isConnected(deviceId: string): boolean {
    const s = this.sockets.get(deviceId);
    return s !== undefined && s.readyState === s.OPEN;
  }

  connectedIds(): string[] {
    return [...this.sockets.keys()].filter((id) => this.isConnected(id));
  }

  /** Sends one message; false when the device has no open socket. */
  send(deviceId: string, message: ServerMessage): boolean {
    const s = this.sockets.get(deviceId);
    if (!s || s.readyState !== s.OPEN) return false;
    s.send(JSON.stringify(message));
    return true;
  }

  /** Sends one message to every connected agent; returns how many it went to. */
  broadcast(message: ServerMessage): number {
    const text = JSON.stringify(message);
    let sent = 0;
    for (const s of this.sockets.values()) {
      if (s.readyState !== s.OPEN) continue;
      s.send(text);
      sent++;
    }
    return sent;
  }

  disconnect(deviceId: string, code: number, reason: string): void {
    const s = this.sockets.get(deviceId);
    if (!s) return;
    this.sockets.delete(deviceId);
    this.onPresence?.(deviceId, false);
    s.close(code, reason);
  }

  closeAll(code: number, reason: string): void {
    for (const [id, s] of this.sockets) {
      this.sockets.delete(id);
      s.close(code, reason);
    }
  }
}
