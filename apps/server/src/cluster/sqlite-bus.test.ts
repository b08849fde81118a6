import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type AppDatabase } from '../db/client.js';
import { ClusterMessageTooLarge, MAX_CLUSTER_MESSAGE_BYTES } from './bus.js';
import { AgentPresence } from './presence.js';
import { SqliteClusterBus } from './sqlite-bus.js';

/** Two connections on one SQLite file stand for two console processes on one data folder. */
let dir: string;
const opened: AppDatabase[] = [];
const buses: SqliteClusterBus[] = [];

function open(): AppDatabase {
  dir ??= mkdtempSync(join(tmpdir(), 'sf-bus-'));
  const d = openDatabase(join(dir, 'safefleet.db'));
  opened.push(d);
  return d;
}

function bus(db: AppDatabase, nodeId: string, extra: { keepMs?: number; now?: () => number } = {}): SqliteClusterBus {
  const b = new SqliteClusterBus(db.sqlite, { nodeId, pollMs: 10, ...extra });
  buses.push(b);
  return b;
}

async function until<T>(get: () => T | undefined, ms = 3000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

afterEach(async () => {
  for (const b of buses.splice(0)) await b.close();
  for (const d of opened.splice(0)) d.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined as unknown as string;
});

describe('SQLite cluster bus', () => {
  it('a message reaches the other process, in order, and never its sender', async () => {
    const a = bus(open(), 'node-a');
    const b = bus(open(), 'node-b');
    const atA: unknown[] = [];
    const atB: Array<{ m: unknown; sender: string }> = [];
    a.subscribe('t', (m) => atA.push(m));
    b.subscribe('t', (m, meta) => atB.push({ m, sender: meta.sender }));
    b.subscribe('other', () => atB.push({ m: 'wrong topic', sender: '' }));
    for (let i = 0; i < 5; i++) await a.publish('t', { i, text: 'é'.repeat(i) });
    await until(() => (atB.length >= 5 ? true : undefined));
    await new Promise((r) => setTimeout(r, 50));
    expect(atB).toEqual([0, 1, 2, 3, 4].map((i) => ({ m: { i, text: 'é'.repeat(i) }, sender: 'node-a' })));
    expect(atA).toEqual([]);
  });

  it('a process starting later does not replay older messages', async () => {
    const a = bus(open(), 'node-a');
    await a.publish('t', 'old');
    const b = bus(open(), 'node-b');
    const got: unknown[] = [];
    b.subscribe('t', (m) => got.push(m));
    await a.publish('t', 'new');
    await until(() => (got.length ? true : undefined));
    await new Promise((r) => setTimeout(r, 50));
    expect(got).toEqual(['new']);
  });

  it('refuses a message over the limit instead of cutting it', async () => {
    const a = bus(open(), 'node-a');
    await expect(a.publish('t', 'x'.repeat(MAX_CLUSTER_MESSAGE_BYTES))).rejects.toBeInstanceOf(ClusterMessageTooLarge);
    const count = open().sqlite.prepare('SELECT count(*) AS n FROM cluster_messages').get() as { n: number };
    expect(count.n).toBe(0);
  });

  it('deletes messages older than keepMs', async () => {
    let now = 1_000_000;
    const db = open();
    const a = bus(db, 'node-a', { keepMs: 1000, now: () => now });
    await a.publish('t', 1);
    now += 2000;
    await a.publish('t', 2);
    a.poll();
    const rows = db.sqlite.prepare('SELECT body FROM cluster_messages ORDER BY id').all();
    expect(rows).toEqual([{ body: '2' }]);
  });
});

describe('agent presence', () => {
  it('names the node holding a device until it disconnects or its heartbeat lapses', () => {
    let now = 5_000_000;
    const clock = () => now;
    const one = new AgentPresence(open().sqlite, 'node-1', { expiryMs: 1000, now: clock });
    const two = new AgentPresence(open().sqlite, 'node-2', { expiryMs: 1000, now: clock });
    one.heartbeat();
    two.heartbeat();
    expect(two.holder('dev-a')).toBeNull();
    one.connected('dev-a');
    expect(two.holder('dev-a')).toBe('node-1');
    // The agent moved to node 2; node 1's late disconnect must not erase node 2's row.
    two.connected('dev-a');
    one.disconnected('dev-a');
    expect(one.holder('dev-a')).toBe('node-2');
    two.disconnected('dev-a');
    expect(one.holder('dev-a')).toBeNull();
    // Node 1 dies holding dev-b: the row lapses with its heartbeat, then is deleted.
    one.connected('dev-b');
    now += 900;
    two.heartbeat();
    expect(two.holder('dev-b')).toBe('node-1');
    now += 200;
    expect(two.holder('dev-b')).toBeNull();
    now += 4000;
    two.heartbeat();
    const left = open().sqlite.prepare('SELECT device_id AS d FROM agent_presence').all();
    expect(left).toEqual([]);
    // A stopping node removes its own rows.
    two.connected('dev-c');
    two.leave();
    expect(open().sqlite.prepare('SELECT count(*) AS n FROM agent_presence').get()).toEqual({ n: 0 });
  });
});
