/**
 * Messages between console processes that share one database (issue 13, "several console nodes").
 *
 * A message published on a topic reaches the subscribers of that topic in every OTHER console
 * process of the cluster (never the publisher's own process: in-process work stays in-process).
 * Delivery is at most once and best effort: a process that is not listening at that moment
 * (starting, reconnecting, stopped) does not get it later. Callers that need an answer wait for
 * one with a timeout (see cluster.ts: command acknowledgements).
 *
 * Implementations: LocalClusterBus (one console: nothing to send, no cost), SqliteClusterBus
 * (processes on one SQLite file: a polled `cluster_messages` table) and PgClusterBus (PostgreSQL
 * LISTEN/NOTIFY).
 */
export interface ClusterBus {
  /** 'local' | 'sqlite' | 'postgres'. */
  readonly kind: ClusterKind;
  /** This process's node id (the scheduler's: hostname:pid:random). */
  readonly nodeId: string;
  /** Sends `message` (JSON-serialisable) to the other processes; rejects a message over MAX_CLUSTER_MESSAGE_BYTES. */
  publish(topic: string, message: unknown): Promise<void>;
  /** Calls `handler` for each message of `topic` from another process; returns the unsubscribe function. */
  subscribe(topic: string, handler: ClusterHandler): () => void;
  /** Called after the bus lost its connection and got it back (messages sent meanwhile are lost). */
  onReconnect(listener: () => void): () => void;
  close(): Promise<void>;
}

export type ClusterKind = 'local' | 'sqlite' | 'postgres';

export type ClusterHandler = (message: unknown, meta: { topic: string; sender: string }) => void;

/** The largest message a bus carries (its JSON, UTF-8). Larger ones are refused, not cut. */
export const MAX_CLUSTER_MESSAGE_BYTES = 1024 * 1024;
const MAX_TOPIC_LENGTH = 200;

export class ClusterMessageTooLarge extends Error {
  constructor(topic: string, bytes: number) {
    super(`cluster message on "${topic}" is ${bytes} bytes; the limit is ${MAX_CLUSTER_MESSAGE_BYTES}`);
  }
}

/** The message as JSON, checked against the limits. */
export function encodeMessage(topic: string, message: unknown): string {
  if (!topic || topic.length > MAX_TOPIC_LENGTH) throw new Error(`cluster topic must be 1-${MAX_TOPIC_LENGTH} characters`);
  const body = JSON.stringify(message ?? null);
  const bytes = Buffer.byteLength(body);
  if (bytes > MAX_CLUSTER_MESSAGE_BYTES) throw new ClusterMessageTooLarge(topic, bytes);
  return body;
}

/** Subscribers by topic, shared by the implementations; a throwing handler does not stop the others. */
export class Subscribers {
  private readonly handlers = new Map<string, Set<ClusterHandler>>();
  private readonly reconnectListeners = new Set<() => void>();

  constructor(private readonly onError: (err: unknown, topic: string) => void) {}

  add(topic: string, handler: ClusterHandler): () => void {
    let set = this.handlers.get(topic);
    if (!set) {
      set = new Set();
      this.handlers.set(topic, set);
    }
    set.add(handler);
    return () => {
      set.delete(handler);
      if (set.size === 0 && this.handlers.get(topic) === set) this.handlers.delete(topic);
    };
  }

  has(topic: string): boolean {
    return this.handlers.has(topic);
  }

  deliver(topic: string, sender: string, message: unknown): void {
    for (const handler of this.handlers.get(topic) ?? []) {
      try {
        handler(message, { topic, sender });
      } catch (err) {
        this.onError(err, topic);
      }
    }
  }

  addReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  reconnected(): void {
    for (const l of this.reconnectListeners) {
      try {
        l();
      } catch (err) {
        this.onError(err, 'reconnect');
      }
    }
  }
}

/** A single console process: there is nobody to tell, so publish does nothing and nothing arrives. */
export class LocalClusterBus implements ClusterBus {
  readonly kind = 'local' as const;
  constructor(readonly nodeId: string) {}
  async publish(topic: string, message: unknown): Promise<void> {
    encodeMessage(topic, message);
  }
  subscribe(): () => void {
    return () => {};
  }
  onReconnect(): () => void {
    return () => {};
  }
  async close(): Promise<void> {}
}
