// Delta reports (issue 10) between a real agent process and a real console process: after its first
// full report the agent leaves out unchanged fact groups; the console stores the rebuilt full facts.
// When the console's copy differs from what the agent believes it holds, the console asks for the
// report in full and the agent sends it again, whole.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { CONTROL_IDS, FACT_GROUPS, Facts } from '@safefleet/protocol';
import { ConsoleProcess } from '../support/console.js';
import { agentBin, removeTempDirs, run, start, stopAll, tempDir, until } from '../support/processes.js';

afterAll(async () => {
  await stopAll();
  removeTempDirs();
});

describe('delta reports, real agent and console', () => {
  it('sends unchanged fact groups once, stores full facts, and resends in full when asked', async () => {
    const consoleProc = await ConsoleProcess.create();
    await consoleProc.start();
    const dbFile = join(consoleProc.dataDir, 'safefleet.db');
    const stateDir = tempDir('safefleet-agent-');
    const enrolled = await run(agentBin, ['enroll', await consoleProc.createEnrolmentString(), '--state', stateDir]);
    expect(enrolled.code, enrolled.stderr).toBe(0);
    const agent = start('agent', agentBin, ['run', '--state', stateDir, '--interval', '2s']);

    const deltaLine = await agent.waitFor(/sent seq \d+ \(delta, \d+ bytes\)/, 90_000);
    const deltaSeq = Number(/seq (\d+) \(delta/.exec(deltaLine)?.[1]);
    const deltaBytes = Number(/(\d+) bytes/.exec(deltaLine)?.[1]);
    await agent.waitFor(new RegExp(`acked seq ${deltaSeq}\\b`), 60_000);

    const rows = () => {
      const db = new Database(dbFile, { readonly: true });
      try {
        return db.prepare('SELECT seq, facts_json AS f, size_bytes AS size FROM reports ORDER BY seq').all() as {
          seq: number;
          f: string;
          size: number;
        }[];
      } finally {
        db.close();
      }
    };
    const stored = rows();
    const full = stored.find((r) => r.seq === 1);
    const rebuilt = stored.find((r) => r.seq === deltaSeq);
    expect(full && rebuilt).toBeTruthy();
    // The console stored the whole facts for the delta report: every group, valid, like the full one.
    const facts = Facts.parse(JSON.parse(rebuilt?.f ?? 'null'));
    for (const g of FACT_GROUPS) expect(facts[g]).toBeDefined();
    expect(facts.apps).toEqual(Facts.parse(JSON.parse(full?.f ?? 'null')).apps);
    expect(deltaBytes).toBeLessThan(rebuilt?.size ?? 0);
    const api = await consoleProc.login();
    const devices = (await (await api('/api/devices')).json()) as { id: string; findings: unknown[] }[];
    expect(devices[0]?.findings).toHaveLength(CONTROL_IDS.length);

    // The console's copy of the apps changes behind the agent's back (e.g. restored from a backup).
    await consoleProc.stop();
    const db = new Database(dbFile);
    const latest = db.prepare('SELECT latest_report_id AS id FROM devices').get() as { id: string };
    const tampered = { ...facts, apps: { status: 'ok', apps: [] } };
    db.prepare('UPDATE reports SET facts_json = ? WHERE report_id = ?').run(JSON.stringify(tampered), latest.id);
    db.close();
    const from = agent.lines.length;
    await consoleProc.start();
    const asked = await agent.waitFor(/the console asked for a full report \(.*apps.*\)/, 90_000, from);
    expect(asked).toMatch(/copy of the apps facts differs/);
    const resent = await agent.waitFor(/sent seq \d+$/, 30_000, agent.lines.indexOf(asked));
    const resentSeq = Number(/seq (\d+)$/.exec(resent)?.[1]);
    await agent.waitFor(new RegExp(`acked seq ${resentSeq}\\b`), 30_000, from);
    await agent.stop();
    await consoleProc.stop();
    const after = rows().find((r) => r.seq === resentSeq);
    expect(Facts.parse(JSON.parse(after?.f ?? 'null')).apps).toEqual(facts.apps);
  }, 240_000);
});
