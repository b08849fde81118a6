// Fault (issue 10): `kill -9` of the console while 1,000 agents are sending. Every report the console
// acked is stored; every report it did not ack is sent again by its agent and stored; none is stored
// twice. `npm run test:faults` runs it with 1,000 agents; `npm test` with 100.
import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { ConsoleProcess } from '../support/console.js';
import { removeTempDirs, stopAll } from '../support/processes.js';
import { seedDevices, SimAgent, waitUntil } from '../support/sim-agents.js';

const FULL = process.env.SAFEFLEET_FAULTS_FULL === '1';
const AGENTS = FULL ? 1_000 : 100;
const REPORTS = FULL ? 4 : 3;

afterAll(async () => {
  await stopAll();
  removeTempDirs();
});

describe(`kill -9 of the console during ingest from ${AGENTS} agents`, () => {
  it('keeps every acked report, stores every unacked one once it is resent, and none twice', async () => {
    const consoleProc = await ConsoleProcess.create();
    const creds = seedDevices(consoleProc.dataDir, AGENTS);
    await consoleProc.start();
    const agents = creds.map((c, i) => new SimAgent(consoleProc.url, c, i));
    try {
      for (const a of agents) a.connect();
      await waitUntil('every agent to connect', () => agents.every((a) => a.connected), 120_000);

      // Every agent collects REPORTS reports, spread over a couple of seconds.
      const collecting = (async () => {
        for (let r = 0; r < REPORTS; r++) {
          for (const a of agents) a.collect();
          await new Promise((res) => setTimeout(res, 300));
        }
      })();
      const total = AGENTS * REPORTS;
      const ackedCount = () => agents.reduce((n, a) => n + a.acked.size, 0);
      await waitUntil('some reports to be acked', () => ackedCount() >= total * 0.25, 120_000, 5);

      await consoleProc.proc.stop('SIGKILL');
      const ackedBeforeKill = new Set(agents.flatMap((a) => [...a.acked]));
      await collecting;
      const unackedAtKill = total - ackedBeforeKill.size;
      // The kill must land mid-ingest, or this test proves nothing.
      expect(ackedBeforeKill.size).toBeGreaterThan(0);
      expect(unackedAtKill).toBeGreaterThan(0);

      await consoleProc.start();
      await waitUntil('every report to be acked after the restart', () => agents.every((a) => a.outbox.size === 0), 180_000, 250);
      for (const a of agents) a.stop();
      await consoleProc.stop();

      const db = new Database(join(consoleProc.dataDir, 'safefleet.db'), { readonly: true });
      try {
        const stored = new Set((db.prepare('SELECT report_id AS id FROM reports').all() as { id: string }[]).map((r) => r.id));
        const produced = agents.flatMap((a) => a.produced);
        expect(produced).toHaveLength(total);
        const lostAcked = [...ackedBeforeKill].filter((id) => !stored.has(id));
        expect(lostAcked, 'acked before the kill but not stored').toEqual([]);
        const lost = produced.filter((id) => !stored.has(id));
        expect(lost, 'never stored').toEqual([]);
        // Stored exactly once: one row per report and per (device, seq), nothing else.
        expect(stored.size).toBe(total);
        const twice = db.prepare('SELECT device_id, seq, count(*) AS n FROM reports GROUP BY device_id, seq HAVING n > 1').all();
        expect(twice).toEqual([]);
        expect((db.prepare('SELECT count(*) AS n FROM reports').get() as { n: number }).n).toBe(total);
      } finally {
        db.close();
      }
      expect(agents.flatMap((a) => a.errors)).toEqual([]);
    } finally {
      for (const a of agents) a.stop();
    }
  });
});
