import type Database from 'better-sqlite3';
import { type ClusterBus, type ClusterHandler, encodeMessage, Subscribers } from './bus.js';

export interface SqliteBusOptions {
  nodeId: string;
  /** How often the table is read (default 100 ms). */
  pollMs?: number;
  /** Messages older than this are deleted (default 60 s). */
  keepMs?: number;
  onError?: (err: unknown, what: string) => void;
  now?: () => number;
}

/** Rows read per poll at most (the rest next time). */
const BATCH = 500;

/**
 * The bus of console processes sharing one SQLite file (WAL mode) on one machine: publish inserts a
 * `cluster_messages` row; every process reads the rows newer than the last one it saw every
 * `pollMs` (one indexed read on the primary key; cheap when there is nothing new) and deletes rows
 * older than `keepMs` now and then. A process starts after the newest row present, so it never
 * replays old messages. Latency is up to one poll interval.
 */
export class SqliteClusterBus implements ClusterBus {
  readonly kind = 'sqlite' as const;
  readonly nodeId: string;
  private readonly subscribers: Subscribers;
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly insert: Database.Statement;
  private readonly readNew: Database.Statement;
  private readonly prune: Database.Statement;
  private readonly keepMs: number;
  private readonly now: () => number;
  private readonly onError: (err: unknown, what: string) => void;
  private lastId: number;
  private lastPrune = 0;
  private closed = false;

  constructor(
    private readonly sqlite: Database.Database,
    options: SqliteBusOptions,
  ) {
    this.nodeId = options.nodeId;
    this.keepMs = options.keepMs ?? 60_000;
    this.now = options.now ?? Date.now;
    this.onError = options.onError ?? (() => {});
    this.subscribers = new Subscribers((err, topic) => this.onError(err, topic));
    this.insert = sqlite.prepare('INSERT INTO cluster_messages (topic, sender, body, created_at) VALUES (?, ?, ?, ?)');
    this.readNew = sqlite.prepare('SELECT id, topic, sender, body FROM cluster_messages WHERE id > ? ORDER BY id LIMIT ?');
    this.prune = sqlite.prepare('DELETE FROM cluster_messages WHERE created_at < ?');
    const max = sqlite.prepare('SELECT max(id) AS id FROM cluster_messages').get() as { id: number | null };
    this.lastId = max.id ?? 0;
    this.timer = setInterval(() => this.poll(), options.pollMs ?? 100);
    this.timer.unref();
  }

  async publish(topic: string, message: unknown): Promise<void> {
    if (this.closed) throw new Error('the cluster bus is closed');
    const body = encodeMessage(topic, message);
    this.insert.run(topic, this.nodeId, body, this.now());
  }

  subscribe(topic: string, handler: ClusterHandler): () => void {
    return this.subscribers.add(topic, handler);
  }

  onReconnect(listener: () => void): () => void {
    // One file on one machine: there is no connection to lose.
    return this.subscribers.addReconnect(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
  }

  /** Reads and delivers the new rows (the timer calls it; tests may too). */
  poll(): void {
    if (this.closed) return;
    try {
      for (;;) {
        const rows = this.readNew.all(this.lastId, BATCH) as Array<{ id: number; topic: string; sender: string; body: string }>;
        for (const row of rows) {
          this.lastId = row.id;
          if (row.sender === this.nodeId || !this.subscribers.has(row.topic)) continue;
          let message: unknown;
          try {
            message = JSON.parse(row.body);
          } catch (err) {
            this.onError(err, row.topic);
            continue;
          }
          this.subscribers.deliver(row.topic, row.sender, message);
        }
        if (rows.length < BATCH) break;
      }
      const now = this.now();
      if (now - this.lastPrune > this.keepMs / 4) {
        this.lastPrune = now;
        this.prune.run(now - this.keepMs);
      }
    } catch (err) {
      // SQLITE_BUSY under a long write elsewhere: the next poll tries again from the same id.
      this.onError(err, 'poll');
    }
  }
}
