import pg from 'pg';
import { type ClusterBus, type ClusterHandler, encodeMessage, Subscribers } from './bus.js';

export interface PgBusOptions {
  /** postgres://… of the console's database (its migrations applied: cluster_messages must exist). */
  url: string;
  nodeId: string;
  /** The NOTIFY channel (default safefleet_cluster): one per console database. */
  channel?: string;
  /** Rows of large messages older than this are deleted (default 60 s). */
  keepMs?: number;
  /** First wait before reconnecting the LISTEN connection; doubles up to 5 s. Default 250 ms. */
  reconnectMs?: number;
  onError?: (err: unknown, what: string) => void;
  /** Told when the LISTEN connection is lost and when it is back. */
  onConnectionChange?: (up: boolean) => void;
}

/**
 * NOTIFY payloads must be shorter than 8000 bytes. Our envelope's JSON up to this size goes in the
 * notification itself; a larger message is stored as a `cluster_messages` row and the notification
 * carries its id (receivers read the row; rows are pruned after `keepMs`).
 */
export const NOTIFY_INLINE_BYTES = 7900;

interface Envelope {
  /** topic */
  t: string;
  /** sender node id */
  s: string;
  /** the message (inline) */
  m?: unknown;
  /** or the cluster_messages row holding it */
  r?: number;
}

/**
 * PostgreSQL LISTEN/NOTIFY bus: one dedicated connection LISTENs on the channel, a small pool
 * publishes (`SELECT pg_notify(channel, envelope)`, delivered to listeners when the publishing
 * transaction commits — here at once). PostgreSQL delivers a notification to every listening
 * session, the sender's own included; those are skipped by node id.
 *
 * When the LISTEN connection drops (server restart, network, pg_terminate_backend) it is opened
 * again with backoff (250 ms doubling to 5 s) and LISTEN is repeated; notifications sent while it was
 * down are LOST (PostgreSQL keeps none for absent listeners). onReconnect listeners are called
 * after each reconnection so callers can resynchronise (e.g. presence is re-read from the table).
 */
export class PgClusterBus implements ClusterBus {
  readonly kind = 'postgres' as const;
  readonly nodeId: string;
  private readonly channel: string;
  private readonly subscribers: Subscribers;
  private readonly pool: pg.Pool;
  private readonly keepMs: number;
  private readonly onError: (err: unknown, what: string) => void;
  private listener: pg.Client | null = null;
  private closed = false;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly pruneTimer: ReturnType<typeof setInterval>;
  private delayMs: number;

  private constructor(private readonly options: PgBusOptions) {
    this.nodeId = options.nodeId;
    this.channel = options.channel ?? 'safefleet_cluster';
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(this.channel)) throw new Error(`not a valid channel name: ${this.channel}`);
    this.keepMs = options.keepMs ?? 60_000;
    this.delayMs = options.reconnectMs ?? 250;
    this.onError = options.onError ?? (() => {});
    this.subscribers = new Subscribers((err, topic) => this.onError(err, topic));
    this.pool = new pg.Pool({ connectionString: options.url, max: 2 });
    this.pool.on('error', (err) => this.onError(err, 'pool'));
    this.pruneTimer = setInterval(() => {
      this.pool.query('DELETE FROM cluster_messages WHERE created_at < $1', [Date.now() - this.keepMs]).catch((err) => this.onError(err, 'prune'));
    }, this.keepMs / 4);
    this.pruneTimer.unref();
  }

  /** Connects the LISTEN connection; resolves once this process receives messages. */
  static async start(options: PgBusOptions): Promise<PgClusterBus> {
    const bus = new PgClusterBus(options);
    try {
      await bus.listen();
    } catch (err) {
      await bus.close();
      throw err;
    }
    return bus;
  }

  /** True while the LISTEN connection is up. */
  get listening(): boolean {
    return this.listener !== null;
  }

  async publish(topic: string, message: unknown): Promise<void> {
    if (this.closed) throw new Error('the cluster bus is closed');
    const body = encodeMessage(topic, message);
    let payload = JSON.stringify({ t: topic, s: this.nodeId, m: message ?? null } satisfies Envelope);
    if (Buffer.byteLength(payload) > NOTIFY_INLINE_BYTES) {
      const row = await this.pool.query<{ id: string }>(
        'INSERT INTO cluster_messages (topic, sender, body, created_at) VALUES ($1, $2, $3, $4) RETURNING id',
        [topic, this.nodeId, body, Date.now()],
      );
      payload = JSON.stringify({ t: topic, s: this.nodeId, r: Number(row.rows[0]!.id) } satisfies Envelope);
    }
    await this.pool.query('SELECT pg_notify($1, $2)', [this.channel, payload]);
  }

  subscribe(topic: string, handler: ClusterHandler): () => void {
    return this.subscribers.add(topic, handler);
  }

  onReconnect(listener: () => void): () => void {
    return this.subscribers.addReconnect(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.pruneTimer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => {});
    await this.pool.end().catch(() => {});
  }

  private async listen(): Promise<void> {
    // Named so an operator (or a test) can find each node's LISTEN session in pg_stat_activity.
    const client = new pg.Client({ connectionString: this.options.url, application_name: `safefleet listen ${this.nodeId}`.slice(0, 63) });
    client.on('notification', (n) => {
      if (n.channel === this.channel && n.payload) void this.receive(n.payload);
    });
    const lost = (err?: unknown) => {
      if (this.listener !== client) return;
      this.listener = null;
      if (err) this.onError(err, 'listen connection');
      client.end().catch(() => {});
      this.options.onConnectionChange?.(false);
      this.scheduleReconnect();
    };
    client.on('error', (err) => lost(err));
    client.on('end', () => lost());
    await client.connect();
    try {
      await client.query(`LISTEN ${this.channel}`);
    } catch (err) {
      await client.end().catch(() => {});
      throw err;
    }
    if (this.closed) {
      await client.end().catch(() => {});
      return;
    }
    this.listener = client;
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(async () => {
      this.reconnectTimer = null;
      try {
        await this.listen();
        this.delayMs = this.options.reconnectMs ?? 250;
        this.options.onConnectionChange?.(true);
        this.subscribers.reconnected();
      } catch (err) {
        this.onError(err, 'reconnect');
        this.delayMs = Math.min(this.delayMs * 2, 5000);
        this.scheduleReconnect();
      }
    }, this.delayMs);
    this.reconnectTimer.unref();
  }

  private async receive(payload: string): Promise<void> {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(payload) as Envelope;
    } catch (err) {
      this.onError(err, 'notification');
      return;
    }
    if (typeof envelope.t !== 'string' || envelope.s === this.nodeId || !this.subscribers.has(envelope.t)) return;
    let message = envelope.m;
    if (typeof envelope.r === 'number') {
      try {
        const row = await this.pool.query<{ body: string }>('SELECT body FROM cluster_messages WHERE id = $1', [envelope.r]);
        if (!row.rows[0]) return; // pruned before it was read: lost
        message = JSON.parse(row.rows[0].body);
      } catch (err) {
        this.onError(err, envelope.t);
        return;
      }
    }
    this.subscribers.deliver(envelope.t, envelope.s, message);
  }
}
