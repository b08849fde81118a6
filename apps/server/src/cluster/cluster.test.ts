import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import type { Command } from '@safefleet/protocol';
import { openDatabase, type AppDatabase } from '../db/client.js';
import { silentLog } from '../services/context.js';
import { type DeviceStatusChangedEvent, type FindingsChangedEvent, ServerEvents } from '../services/events.js';
import { AgentRegistry } from '../ws/agent-registry.js';
import { ClusterNode } from './cluster.js';
import { AgentPresence } from './presence.js';
import { SqliteClusterBus } from './sqlite-bus.js';

/** Two ClusterNodes over two connections to one SQLite file: two console processes, without HTTP. */
let dir: string | undefined;
const cleanups: Array<() => unknown> = [];

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function node(name: string, options: { start?: boolean; ackTimeoutMs?: number } = {}) {
  dir ??= mkdtempSync(join(tmpdir(), 'sf-cluster-'));
  const database: AppDatabase = openDatabase(join(dir, 'safefleet.db'));
  const registry = new AgentRegistry();
  const events = new ServerEvents();
  const presence = new AgentPresence(database.sqlite, name);
  const cluster = new ClusterNode({
    bus: new SqliteClusterBus(database.sqlite, { nodeId: name, pollMs: 10 }),
    presence,
    registry,
    events,
    log: silentLog,
    ackTimeoutMs: options.ackTimeoutMs ?? 2000,
  });
  if (options.start !== false) cluster.start();
  cleanups.push(
    () => database.close(),
    () => cluster.stop(),
  );
  return { database, registry, events, presence, cluster };
}

/** A real WebSocket pair: the server side goes into the registry, the client side is the "agent". */
async function agentSocket(): Promise<{ server: WebSocket; received: unknown[] }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => wss.once('listening', r));
  const accepted = new Promise<WebSocket>((r) => wss.once('connection', r));
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
  const received: unknown[] = [];
  client.on('message', (d) => received.push(JSON.parse(String(d))));
  const server = await accepted;
  await new Promise((r) => (client.readyState === client.OPEN ? r(null) : client.once('open', r)));
  cleanups.push(() => {
    client.terminate();
    wss.close();
  });
  return { server, received };
}

async function until<T>(get: () => T | undefined | false, ms = 3000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const collectNow = (commandId: string): Command => ({ type: 'command', commandId, name: 'collect-now' });

describe('cluster node', () => {
  it('a command for a device held by another node is delivered there and acknowledged', async () => {
    const one = node('node-1');
    const two = node('node-2');
    const { server, received } = await agentSocket();
    two.registry.add('dev-1', server);
    expect(one.cluster.holder('dev-1')).toBe('node-2');
    expect(two.cluster.holder('dev-1')).toBeNull(); // its own connection is not "another node"
    const result = await one.cluster.deliver('dev-1', collectNow('c-1'));
    expect(result).toEqual({ delivered: true, node: 'node-2' });
    await until(() => received.length === 1);
    expect(received).toEqual([collectNow('c-1')]);
    // Unknown device: answered at once, nothing sent.
    expect(await one.cluster.deliver('dev-2', collectNow('c-2'))).toEqual({ delivered: false, node: null, reason: 'not-connected' });
    // The socket closes on node 2: its presence row goes.
    two.registry.remove('dev-1', server);
    expect(one.cluster.holder('dev-1')).toBeNull();
  });

  it('the holder answers "not delivered" when the socket is gone, and silence times out', async () => {
    const one = node('node-1', { ackTimeoutMs: 300 });
    const two = node('node-2');
    // A stale row: node 2 is alive but no longer has the socket.
    two.presence.connected('dev-1');
    expect(await one.cluster.deliver('dev-1', collectNow('c-1'))).toEqual({ delivered: false, node: 'node-2', reason: 'not-connected' });
    // Node 3 has a fresh heartbeat but does not listen (hung): no acknowledgement within the timeout.
    const three = node('node-3', { start: false });
    three.presence.heartbeat();
    three.presence.connected('dev-3');
    const started = Date.now();
    expect(await one.cluster.deliver('dev-3', collectNow('c-3'))).toEqual({ delivered: false, node: 'node-3', reason: 'no-acknowledgement' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('console events of one node reach the other node as remote events with their organisation, without findings lists', async () => {
    const one = node('node-1');
    const two = node('node-2');
    const remoteAtTwo: unknown[] = [];
    const localAtTwo: unknown[] = [];
    const remoteAtOne: unknown[] = [];
    two.cluster.remoteEvents.onAnyOrganisation('device-status-changed', (org, e) => remoteAtTwo.push({ org, e }));
    two.cluster.remoteEvents.onAnyOrganisation('findings-changed', (org, e) => remoteAtTwo.push({ org, e }));
    two.events.onAnyOrganisation('device-status-changed', (org, e) => localAtTwo.push({ org, e }));
    one.cluster.remoteEvents.onAnyOrganisation('device-status-changed', (org, e) => remoteAtOne.push({ org, e }));
    const status: DeviceStatusChangedEvent = {
      deviceId: 'dev-1',
      hostname: 'h',
      previous: 'compliant',
      status: 'noncompliant',
      failing: ['antivirus'],
      at: '2026-12-03T20:00:00.000Z',
      cause: 'report',
    };
    const findings: FindingsChangedEvent = {
      deviceId: 'dev-1',
      hostname: 'h',
      findings: [{ control: 'antivirus', status: 'fail', message: 'off' } as never],
      changed: ['antivirus'],
      at: status.at,
      cause: 'report',
    };
    // Organisation 7's events on node 1 reach node 2 with their organisation (its live feed filters by it).
    one.events.emitForOrganisation(7, 'device-status-changed', status);
    one.events.emitForOrganisation(7, 'findings-changed', findings);
    await until(() => remoteAtTwo.length === 2);
    expect(remoteAtTwo).toEqual([
      { org: 7, e: status },
      { org: 7, e: { ...findings, findings: [] } },
    ]);
    // Not re-emitted as node 2's own events (its alert engine must not act twice), nor echoed back.
    await new Promise((r) => setTimeout(r, 60));
    expect(localAtTwo).toEqual([]);
    expect(remoteAtOne).toEqual([]);
  });
});
