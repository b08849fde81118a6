import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_REFUSED_CONSOLES, RefusedConsole } from '@safefleet/protocol';
import { REFUSED_CONSOLES_FILE, RefusedConsoles } from './refused-consoles.js';

const pin = (n: number) => `${String(n).padStart(3, '0')}${'A'.repeat(40)}=`;
const at = (min: number) => new Date(Date.UTC(2026, 11, 3, 9, min));

describe('RefusedConsoles (bounded, kept in the state folder)', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const dir = () => {
    const d = mkdtempSync(join(tmpdir(), 'safefleet-refused-'));
    dirs.push(d);
    return d;
  };

  it('counts repeats of one console, keeps the newest few, and survives a restart', async () => {
    const d = dir();
    const store = await RefusedConsoles.open(d);
    expect(store.forHello()).toBeUndefined();
    await store.record('wss://evil.example/ws/agent', pin(1), at(0));
    await store.record('wss://evil.example/ws/agent', pin(1), at(5));
    for (let i = 2; i <= MAX_REFUSED_CONSOLES + 3; i++) await store.record('wss://evil.example/ws/agent', pin(i), at(10 + i));
    expect(store.size).toBe(MAX_REFUSED_CONSOLES);
    const saved = RefusedConsole.array().parse(JSON.parse(readFileSync(join(d, REFUSED_CONSOLES_FILE), 'utf8')));
    expect(saved.map((e) => e.pin)).toEqual(Array.from({ length: MAX_REFUSED_CONSOLES }, (_, i) => pin(i + 4)));

    const again = await RefusedConsoles.open(d);
    expect(again.size).toBe(MAX_REFUSED_CONSOLES);
    const first = await RefusedConsoles.open(dir());
    await first.record('wss://evil.example/ws/agent', pin(1), at(0));
    await first.record('wss://evil.example/ws/agent', pin(1), at(5));
    expect(first.forHello()).toEqual([
      { address: 'wss://evil.example/ws/agent', pin: pin(1), firstAt: at(0).toISOString(), lastAt: at(5).toISOString(), count: 2 },
    ]);
  });

  it('a plain ws:// address refused after an https enrolment is kept apart from certificate refusals, with no pin', async () => {
    const d = dir();
    const store = await RefusedConsoles.open(d);
    await store.record('wss://evil.example/ws/agent', pin(1), at(0));
    await store.recordPlainAddress('ws://evil.example/ws/agent', at(1));
    await store.recordPlainAddress('ws://evil.example/ws/agent', at(2));
    const again = await RefusedConsoles.open(d);
    const hello = RefusedConsole.array().parse(again.forHello());
    expect(hello).toEqual([
      { address: 'wss://evil.example/ws/agent', pin: pin(1), firstAt: at(0).toISOString(), lastAt: at(0).toISOString(), count: 1 },
      { address: 'ws://evil.example/ws/agent', reason: 'plain-address', firstAt: at(1).toISOString(), lastAt: at(2).toISOString(), count: 2 },
    ]);
    await again.delivered();
    expect(again.forHello()).toBeUndefined();
  });

  it('forgets what the console was told once it answers hello; refusals since stay', async () => {
    const d = dir();
    const store = await RefusedConsoles.open(d);
    await store.record('wss://evil.example/ws/agent', pin(1), at(0));
    expect(store.forHello()).toHaveLength(1);
    await store.record('wss://evil.example/ws/agent', pin(1), at(7)); // after the hello went out
    await store.delivered();
    expect(store.forHello()).toEqual([
      { address: 'wss://evil.example/ws/agent', pin: pin(1), firstAt: at(0).toISOString(), lastAt: at(7).toISOString(), count: 1 },
    ]);
    await store.delivered();
    expect(store.size).toBe(0);
    expect((await RefusedConsoles.open(d)).size).toBe(0);
  });
});
