import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { AgentState } from '../state/index.js';
import { FakeConsole, waitFor } from '../transport/fixtures/fake-console.js';
import { tempDir } from '../transport/fixtures/reports.js';
import { collect, startCli } from './fixtures/spawn-cli.js';

describe('safefleet-agent run (real process, real collectors, real socket)', { timeout: 120_000 }, () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let fc: FakeConsole;
  let child: ChildProcess | undefined;

  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir());
    fc = await FakeConsole.start();
    const state = await AgentState.open(dir);
    await state.writeEnrolment({ url: 'http://127.0.0.1', wsUrl: fc.url, deviceId: 'dev_1', deviceSecret: 's', enrolledAt: '2026-11-21T05:40:00Z' });
  });
  afterEach(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await fc.close();
    await cleanup();
  });

  it('reports at start and on the interval, answers collect-now, and stops cleanly on SIGTERM', async () => {
    child = startCli(['run', '--state', dir, '--interval', '2s']);
    const done = collect(child, 110_000);
    await waitFor(() => fc.reports.length >= 2, 90_000, 'two reports');
    fc.broadcast({ type: 'command', commandId: 'c1', name: 'collect-now' });
    const before = fc.reports.length;
    await waitFor(() => fc.reports.length > before, 60_000, 'collect-now report');
    child.kill('SIGTERM');
    const r = await done;
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    for (const l of lines) expect(l).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \S/);
    expect(r.stdout).toMatch(/collected report seq 1 \(7 groups, \d+ errors?\)/);
    expect(r.stdout).toContain('acked seq 1');
    expect(r.stdout).toContain('the console asked for a collection now');
    expect(r.stdout).toContain('stopping (SIGTERM)');
    expect(lines.at(-1)).toMatch(/stopped \(\d+ reports? waiting\)$/);
    const seqs = fc.reports.map((x) => x.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(fc.reports.map((x) => x.reportId)).size).toBe(fc.reports.length);
  });
});
