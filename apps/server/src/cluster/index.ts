import type { AppDatabase } from '../db/client.js';
import type { Log } from '../services/context.js';
import type { ServerEvents } from '../services/events.js';
import type { AgentRegistry } from '../ws/agent-registry.js';
import { LocalClusterBus } from './bus.js';
import { ClusterNode } from './cluster.js';
import { AgentPresence } from './presence.js';
import { SqliteClusterBus } from './sqlite-bus.js';

export { type ClusterBus, type ClusterKind, LocalClusterBus, MAX_CLUSTER_MESSAGE_BYTES } from './bus.js';
export { ClusterNode, type CommandDelivery } from './cluster.js';
export { AgentPresence } from './presence.js';
export { PgClusterBus } from './pg-bus.js';
export { SqliteClusterBus } from './sqlite-bus.js';

/** `--cluster`: how console processes sharing this database talk (none: a single console). */
export type ClusterMode = 'sqlite';
export const CLUSTER_MODES: readonly ClusterMode[] = ['sqlite'];

export interface ClusterSetup {
  mode: ClusterMode | undefined;
  database: AppDatabase;
  nodeId: string;
  registry: AgentRegistry;
  events: ServerEvents;
  log: Log;
  /** SQLite bus poll interval (default 100 ms). */
  pollMs?: number;
}

/**
 * This process's cluster node, started: the in-process one for a single console (nothing is
 * written, polled or sent), or the SQLite one for console processes on one data folder.
 */
export function startClusterNode(setup: ClusterSetup): ClusterNode {
  const { mode, database, nodeId, log } = setup;
  const onError = (err: unknown, what: string) => log.warn({ err, what }, 'cluster bus problem');
  const node =
    mode === 'sqlite'
      ? new ClusterNode({
          bus: new SqliteClusterBus(database.sqlite, { nodeId, onError, ...(setup.pollMs ? { pollMs: setup.pollMs } : {}) }),
          presence: new AgentPresence(database.sqlite, nodeId),
          registry: setup.registry,
          events: setup.events,
          log,
        })
      : new ClusterNode({ bus: new LocalClusterBus(nodeId), presence: null, registry: setup.registry, events: setup.events, log });
  node.start();
  if (node.clustered) log.info({ nodeId, cluster: mode }, 'cluster node started: commands and live events reach the other console processes');
  return node;
}
