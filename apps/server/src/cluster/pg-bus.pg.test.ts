import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migratePg, openPgDatabase, type PgDatabase } from '../db/pg/client.js';
import { startTestCluster, type TestCluster } from '../db/pg/test-cluster.js';
import { ClusterMessageTooLarge, MAX_CLUSTER_MESSAGE_BYTES } from './bus.js';
import { NOTIFY_INLINE_BYTES, PgClusterBus } from './pg-bus.js';

/**
 * The LISTEN/NOTIFY bus on a real PostgreSQL server: two bus instances (two connections each) are
 * two console nodes on one database.
 */
let cluster: TestCluster;
let database: PgDatabase;
let url: string;
const buses: PgClusterBus[] = [];

async function bus(nodeId: string, connection: Array<boolean> = []): Promise<PgClusterBus> {
  const b = await PgClusterBus.start({ url, nodeId, reconnectMs: 50, onConnectionChange: (up) => connection.push(up) });
  buses.push(b);
  return b;
}

async function until<T>(get: () => T | undefined | false, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  cluster = await startTestCluster();
  url = await cluster.createDatabase('bus');
  database = openPgDatabase(url);
  await migratePg(database.db);
}, 60_000);

afterAll(async () => {
  for (const b of buses) await b.close();
  await database?.close();
  await cluster?.stop();
});

describe('PostgreSQL cluster bus', () => {
  it('messages reach the other node (not the sender), small ones inline and large ones through a row', async () => {
    const one = await bus('node-1');
    const two = await bus('node-2');
    const atOne: unknown[] = [];
    const atTwo: Array<{ m: unknown; sender: string }> = [];
    one.subscribe('t', (m) => atOne.push(m));
    two.subscribe('t', (m, meta) => atTwo.push({ m, sender: meta.sender }));
    const large = { text: 'ü'.repeat(NOTIFY_INLINE_BYTES) }; // ~15,800 bytes of UTF-8: over the NOTIFY limit
    await one.publish('t', { n: 1 });
    await one.publish('t', large);
    await one.publish('t', { n: 3 });
    await until(() => atTwo.length >= 3);
    await new Promise((r) => setTimeout(r, 100));
    expect(atTwo.map((x) => x.sender)).toEqual(['node-1', 'node-1', 'node-1']);
    // The large one is read from its row after its notification: order is not promised across sizes.
    expect(atTwo.map((x) => x.m)).toEqual(expect.arrayContaining([{ n: 1 }, large, { n: 3 }]));
    expect(atOne).toEqual([]);
    const rows = await database.pool.query<{ n: string }>('SELECT count(*) AS n FROM cluster_messages');
    expect(rows.rows[0]?.n).toBe('1');
    await two.publish('t', 'back');
    await until(() => atOne.length === 1);
    expect(atOne).toEqual(['back']);
  });

  it('refuses a message over the limit', async () => {
    const one = await bus('node-3');
    await expect(one.publish('t', 'x'.repeat(MAX_CLUSTER_MESSAGE_BYTES))).rejects.toBeInstanceOf(ClusterMessageTooLarge);
  });

  it('reconnects its LISTEN connection after the server drops it; messages sent meanwhile are lost', async () => {
    const events: boolean[] = [];
    const listener = await bus('node-4', events);
    const sender = await bus('node-5');
    const got: unknown[] = [];
    let reconnected = 0;
    listener.subscribe('r', (m) => got.push(m));
    listener.onReconnect(() => reconnected++);
    await sender.publish('r', 'before');
    await until(() => got.length === 1);
    // Drop node 4's LISTEN connection from the server side (as a restart or a network cut would).
    const killed = await database.pool.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'safefleet listen node-4'",
    );
    expect(killed.rowCount).toBeGreaterThan(0);
    await until(() => events.includes(false));
    await until(() => reconnected > 0 && listener.listening);
    expect(events).toEqual([false, true]);
    await sender.publish('r', 'after');
    await until(() => got.includes('after'));
    expect(got[0]).toBe('before');
  });
});
