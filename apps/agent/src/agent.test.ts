import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Agent, createStdoutLog, NotEnrolledError } from './agent.js';
import { AgentState } from './state/index.js';
import { FakeConsole, waitFor } from './transport/fixtures/fake-console.js';
import { sampleFacts, tempDir } from './transport/fixtures/reports.js';

describe('Agent run loop', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let logs: string[];
  let agent: Agent | undefined;
  let fc: FakeConsole | undefined;

  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir());
    logs = [];
  });
  afterEach(async () => {
    await agent?.stop('test over');
    await fc?.close();
    agent = undefined;
    fc = undefined;
    await cleanup();
  });

  async function enrol(wsUrl: string): Promise<void> {
    const state = await AgentState.open(dir);
    await state.writeEnrolment({ url: 'http://127.0.0.1', wsUrl, deviceId: 'dev_1', deviceSecret: 's', enrolledAt: '2026-11-21T05:40:00Z' });
  }

  function create(extra: Partial<Parameters<typeof Agent.create>[0]> = {}): Promise<Agent> {
    return Agent.create({
      stateDir: dir,
      log: (m) => void logs.push(m),
      collect: async (opts) => {
        expect(opts.stateDir).toBe(dir);
        return sampleFacts();
      },
      ws: { backoff: { baseMs: 10, capMs: 50, stableMs: 60_000 } },
      ...extra,
    });
  }

  it('refuses to run when not enrolled', async () => {
    await expect(create()).rejects.toBeInstanceOf(NotEnrolledError);
    await expect(create()).rejects.toThrow("not enrolled: run 'safefleet-agent enroll <enrolment-string>' first");
  });

  it('collects at start, reports, obeys console commands and stops cleanly', async () => {
    fc = await FakeConsole.start();
    await enrol(fc.url);
    agent = await create();
    agent.start();
    await waitFor(() => logs.includes('acked seq 1'), 5_000, 'first report acked');
    expect(logs).toContain('collected report seq 1 (7 groups, 1 error)');
    expect(fc.reports[0]?.facts.os.distro).toBe('Debian GNU/Linux');

    fc.broadcast({ type: 'command', commandId: 'c1', name: 'collect-now' });
    await waitFor(() => logs.includes('acked seq 2'), 5_000, 'collect-now report acked');
    fc.broadcast({ type: 'command', commandId: 'c2', name: 'set-interval', args: { collectIntervalMinutes: 15 } });
    fc.broadcast({ type: 'command', commandId: 'c3', name: 'notify', args: { title: 'Please update', body: 'Updates are waiting' } });
    await waitFor(() => logs.some((l) => l.startsWith('notification received: Please update')), 5_000, 'notify');
    await waitFor(
      async () =>
        (await AgentState.open(dir))
          .readConfig()
          .then((c) => c.collectIntervalMinutes === 15)
          .catch(() => false),
      5_000,
      'config',
    );
    expect(agent.scheduler.intervalMs).toBe(15 * 60_000);
    expect(fc.hellos.at(-1)).toMatchObject({ lastSeq: 0 });

    await agent.stop('SIGTERM');
    expect(logs.at(-1)).toBe('stopped (0 reports waiting)');
    expect(JSON.parse(await readFile(join(dir, 'seq.json'), 'utf8'))).toEqual({ lastSeq: 2 });
  });

  it('queues while offline and sends when the console comes back; --interval wins over the console', async () => {
    fc = await FakeConsole.start();
    const port = fc.port;
    const url = fc.url;
    await fc.close();
    fc = undefined;
    await enrol(url);
    agent = await create({ intervalOverrideMs: 1_000 });
    agent.start();
    await waitFor(() => logs.some((l) => l.startsWith('queued seq 2')), 6_000, 'two queued reports');
    expect(logs).toContain('queued seq 1 (offline; 1 waiting)');
    expect(logs).toContain('queued seq 2 (offline; 2 waiting)');

    fc = await FakeConsole.start({ port });
    await waitFor(() => logs.includes('acked seq 2'), 5_000, 'queued reports acked');
    expect(logs.some((l) => /^sent \d+ queued reports?$/.test(l))).toBe(true);
    expect(fc.reports.slice(0, 2).map((r) => r.seq)).toEqual([1, 2]);
    fc.broadcast({ type: 'command', commandId: 'c1', name: 'set-interval', args: { collectIntervalMinutes: 30 } });
    await waitFor(() => logs.some((l) => l.includes('not used while --interval 1s is set')), 5_000, 'override log');
    expect(agent.scheduler.intervalMs).toBe(1_000);
  });

  it('writes one time-stamped line per event', () => {
    const lines: string[] = [];
    createStdoutLog((l) => void lines.push(l))('acked seq 3\nand more');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ acked seq 3 and more\n$/);
  });
});
