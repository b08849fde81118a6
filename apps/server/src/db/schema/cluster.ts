import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Console processes sharing one database (apps/server/src/cluster). Console-wide: no organisation.
 *
 * `cluster_messages`: the SQLite cluster bus (every process polls rows newer than the last it saw;
 * rows older than a minute are pruned) and, on PostgreSQL, the bodies of messages too large for a
 * NOTIFY payload (the notification carries the row id).
 */
export const clusterMessages = sqliteTable(
  'cluster_messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    topic: text('topic').notNull(),
    /** The sending process's node id (hostname:pid:random). */
    sender: text('sender').notNull(),
    /** The message as JSON. */
    body: text('body').notNull(),
    /** Epoch milliseconds (pruning). */
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('cluster_messages_created_idx').on(t.createdAt)],
);

/** One row per running console process of a cluster, its heartbeat refreshed every few seconds. */
export const clusterNodes = sqliteTable('cluster_nodes', {
  nodeId: text('node_id').primaryKey(),
  startedAt: text('started_at').notNull(),
  /** Epoch milliseconds of the last heartbeat; a node silent past the expiry counts as gone. */
  heartbeatAt: integer('heartbeat_at').notNull(),
});

/** Which console process holds each device's live connection (rows of gone nodes lapse with their heartbeat). */
export const agentPresence = sqliteTable(
  'agent_presence',
  {
    deviceId: text('device_id').primaryKey(),
    nodeId: text('node_id').notNull(),
    connectedAt: text('connected_at').notNull(),
  },
  (t) => [index('agent_presence_node_idx').on(t.nodeId)],
);
