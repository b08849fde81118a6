import type Database from 'better-sqlite3';

export interface PresenceOptions {
  /** A node whose heartbeat is older than this is gone, and so are its devices (default 15 s). */
  expiryMs?: number;
  now?: () => number;
}

/**
 * Which console process holds each device's live agent connection, in the shared database
 * (`agent_presence`, `cluster_nodes`). Each process writes a row when an agent connects, deletes it
 * when that connection closes (only if it is still its own: the agent may already be on another
 * process), and refreshes its node heartbeat every few seconds (cluster.ts). A process that dies
 * leaves its rows behind; they lapse when its heartbeat is older than `expiryMs`, and the
 * heartbeat of the others deletes them a while later.
 */
export class AgentPresence {
  private readonly expiryMs: number;
  private readonly now: () => number;
  private readonly upsertNode: Database.Statement;
  private readonly upsertDevice: Database.Statement;
  private readonly deleteDevice: Database.Statement;
  private readonly selectHolder: Database.Statement;
  private readonly pruneDevices: Database.Statement;
  private readonly pruneNodes: Database.Statement;
  private readonly leaveDevices: Database.Statement;
  private readonly leaveNode: Database.Statement;

  constructor(
    sqlite: Database.Database,
    readonly nodeId: string,
    options: PresenceOptions = {},
  ) {
    this.expiryMs = options.expiryMs ?? 15_000;
    this.now = options.now ?? Date.now;
    this.upsertNode = sqlite.prepare(
      'INSERT INTO cluster_nodes (node_id, started_at, heartbeat_at) VALUES (?, ?, ?) ON CONFLICT (node_id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at',
    );
    this.upsertDevice = sqlite.prepare(
      'INSERT INTO agent_presence (device_id, node_id, connected_at) VALUES (?, ?, ?) ON CONFLICT (device_id) DO UPDATE SET node_id = excluded.node_id, connected_at = excluded.connected_at',
    );
    this.deleteDevice = sqlite.prepare('DELETE FROM agent_presence WHERE device_id = ? AND node_id = ?');
    this.selectHolder = sqlite.prepare(
      'SELECT p.node_id AS nodeId FROM agent_presence p JOIN cluster_nodes n ON n.node_id = p.node_id WHERE p.device_id = ? AND n.heartbeat_at >= ?',
    );
    this.pruneDevices = sqlite.prepare('DELETE FROM agent_presence WHERE node_id NOT IN (SELECT node_id FROM cluster_nodes WHERE heartbeat_at >= ?)');
    this.pruneNodes = sqlite.prepare('DELETE FROM cluster_nodes WHERE heartbeat_at < ?');
    this.leaveDevices = sqlite.prepare('DELETE FROM agent_presence WHERE node_id = ?');
    this.leaveNode = sqlite.prepare('DELETE FROM cluster_nodes WHERE node_id = ?');
  }

  /** Refreshes this node's heartbeat; forgets nodes gone for 4 expiry periods and their devices. */
  heartbeat(): void {
    const now = this.now();
    this.upsertNode.run(this.nodeId, new Date(now).toISOString(), now);
    this.pruneNodes.run(now - 4 * this.expiryMs);
    this.pruneDevices.run(now - 4 * this.expiryMs);
  }

  connected(deviceId: string): void {
    this.upsertDevice.run(deviceId, this.nodeId, new Date(this.now()).toISOString());
  }

  disconnected(deviceId: string): void {
    this.deleteDevice.run(deviceId, this.nodeId);
  }

  /** The live node holding the device's connection (null: none, or its node is gone). */
  holder(deviceId: string): string | null {
    const row = this.selectHolder.get(deviceId, this.now() - this.expiryMs) as { nodeId: string } | undefined;
    return row?.nodeId ?? null;
  }

  /** A stopping process removes its rows (its agents reconnect elsewhere and are written again there). */
  leave(): void {
    this.leaveDevices.run(this.nodeId);
    this.leaveNode.run(this.nodeId);
  }
}
