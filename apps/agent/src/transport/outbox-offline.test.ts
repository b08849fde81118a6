// Fault (issue 10): an agent offline for 7 days, collecting every hour (a simulated clock), with a
// bounded outbox. Compaction keeps the newest report and the first report of every state, so the
// console still learns each change and when it happened; nothing but repeats is removed.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Report } from '@safefleet/protocol';
import { Outbox, stateOf } from './outbox.js';
import { sampleReport, tempDir } from './fixtures/reports.js';

const HOUR = 3_600_000;
const START = Date.parse('2026-11-21T00:00:00.000Z');

/** The device's state at hour h: Signal installed from h 10 to 49, disk encryption off from 100 to 159. */
function reportAt(h: number): Report {
  const r = sampleReport(h + 1);
  r.facts.collectedAt = new Date(START + h * HOUR).toISOString();
  if (h >= 10 && h < 50) r.facts.apps = { status: 'ok', apps: [{ name: 'Signal', id: 'signal-desktop', source: 'dpkg' }] };
  if (h >= 100 && h < 160) r.facts.encryption = { status: 'ok', volumes: [{ mount: '/', encrypted: false, isSystem: true }] };
  return r;
}

describe('outbox through 7 days offline at hourly collection', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir());
    dir = join(dir, 'outbox');
  });
  afterEach(async () => cleanup());

  it('stays within its bound and keeps the newest report and every state change', async () => {
    const logs: string[] = [];
    const box = await Outbox.open({ dir, maxReports: 24, log: (m) => logs.push(m) });
    const all = Array.from({ length: 7 * 24 }, (_, h) => reportAt(h));
    for (const r of all) {
      await box.add(r);
      expect(box.size).toBeLessThanOrEqual(24);
    }
    // Reopened (the agent restarted): the same bound, the same content.
    const again = await Outbox.open({ dir, maxReports: 24 });
    const kept = await again.list();
    expect((await readdir(dir)).filter((n) => n.endsWith('.json'))).toHaveLength(kept.length);

    // The newest collection is there.
    expect(kept.at(-1)?.reportId).toBe(all.at(-1)?.reportId);
    // Every report where the state changed (and the very first) is there, in order.
    const changes = all.filter((r, i) => i === 0 || stateOf(r) !== stateOf(all[i - 1]!));
    expect(changes.map((r) => r.seq)).toEqual([1, 11, 51, 101, 161]);
    const keptIds = new Set(kept.map((r) => r.reportId));
    for (const c of changes) expect(keptIds.has(c.reportId), `state change at seq ${c.seq} kept`).toBe(true);
    // Replaying what is kept gives the same sequence of states as what happened.
    const states = (list: Report[]) => list.map(stateOf).filter((s, i, a) => i === 0 || s !== a[i - 1]);
    expect(states(kept)).toEqual(states(all));
    expect(kept.map((r) => r.seq)).toEqual([...kept.map((r) => r.seq)].sort((a, b) => a - b));
    // Nothing but repeats was removed.
    expect(logs.some((l) => l.includes('dropped the oldest'))).toBe(false);
    expect(logs.filter((l) => l.includes('no change lost'))).toHaveLength(all.length - kept.length);
  });

  it('when there are more states than room, drops the oldest and says so, never the newest', async () => {
    const logs: string[] = [];
    const box = await Outbox.open({ dir, maxReports: 3, log: (m) => logs.push(m) });
    const all = [reportAt(0), reportAt(10), reportAt(50), reportAt(100), reportAt(160)];
    for (const r of all) await box.add(r);
    expect((await box.list()).map((r) => r.seq)).toEqual([51, 101, 161]);
    expect(logs.filter((l) => l.includes('dropped the oldest'))).toHaveLength(2);
  });
});
