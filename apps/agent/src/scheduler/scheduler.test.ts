import { afterEach, describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration.js';
import { CollectionScheduler, type CollectReason } from './scheduler.js';

describe('parseDuration', () => {
  it('reads s, m and h', () => {
    expect(parseDuration('10s')).toBe(10_000);
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(formatDuration(600_000)).toBe('10m');
    expect(formatDuration(7_200_000)).toBe('2h');
    expect(formatDuration(10_000)).toBe('10s');
  });
  it('rejects anything else with a plain message', () => {
    for (const bad of ['10', '1d', '-5m', '1.5h', '', 'm', '0s', '200h']) expect(() => parseDuration(bad)).toThrow(/duration|too/);
  });
});

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('CollectionScheduler', () => {
  let scheduler: CollectionScheduler | undefined;
  afterEach(async () => {
    await scheduler?.stop(100);
    scheduler = undefined;
  });

  it('collects when the interval has passed since the last start, never two at once', async () => {
    let now = 0;
    const runs: CollectReason[] = [];
    let gate = deferred();
    scheduler = new CollectionScheduler({
      collect: async (reason) => {
        runs.push(reason);
        await gate.promise;
      },
      intervalMs: 60_000,
      now: () => now,
    });
    void scheduler.trigger('start');
    expect(runs).toEqual(['start']);
    now = 120_000;
    scheduler.tick(); // still running: skipped
    expect(runs).toHaveLength(1);
    const queued = scheduler.trigger('collect-now'); // queued, not concurrent
    expect(runs).toHaveLength(1);
    gate.resolve();
    gate = deferred();
    await new Promise((r) => setTimeout(r, 0));
    expect(runs).toEqual(['start', 'collect-now']);
    gate.resolve();
    await queued;
    now = 150_000;
    scheduler.tick(); // 30 s since the collect-now started: not due
    expect(runs).toHaveLength(2);
    now = 180_000;
    scheduler.tick();
    expect(runs).toEqual(['start', 'collect-now', 'interval']);
    scheduler.setIntervalMs(10_000);
    now = 190_000;
    await new Promise((r) => setTimeout(r, 0));
    scheduler.tick();
    expect(runs).toHaveLength(4);
  });

  it('runs at start and then from the real timer tick', async () => {
    const runs: CollectReason[] = [];
    scheduler = new CollectionScheduler({ collect: async (r) => void runs.push(r), intervalMs: 1_000 });
    scheduler.start();
    expect(runs).toEqual(['start']);
    await new Promise((r) => setTimeout(r, 2_300));
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(runs.slice(1).every((r) => r === 'interval')).toBe(true);
    await scheduler.stop();
    const after = runs.length;
    await new Promise((r) => setTimeout(r, 1_200));
    expect(runs.length).toBe(after);
  });

  it('keeps going after a failed collection and waits for a running one on stop', async () => {
    const logs: string[] = [];
    const gate = deferred();
    let calls = 0;
    scheduler = new CollectionScheduler({
      collect: async () => {
        calls++;
        if (calls === 1) throw new Error('disk on fire');
        await gate.promise;
      },
      intervalMs: 1,
      log: (m) => void logs.push(m),
    });
    await scheduler.trigger('start');
    expect(logs).toEqual(['collection failed: disk on fire']);
    void scheduler.trigger('interval');
    expect(scheduler.running).toBe(true);
    expect(await scheduler.stop(50)).toBe(false);
    gate.resolve();
  });
});
