// Acceptance (foundation): a real console process and a real agent process. The agent enrols, reports,
// and the device shows up with findings for every control. Then the console goes down, the agent keeps
// collecting into its on-disk outbox, the agent itself restarts, the console comes back: every report
// collected while it was down is stored exactly once.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CONTROL_IDS, DeviceDetail, DeviceSummary } from '@safefleet/protocol';
import { ConsoleProcess } from '../support/console.js';
import { agentBin, type Proc, removeTempDirs, run, start, stopAll, tempDir, until } from '../support/processes.js';

const REPORT_FILE = /^(\d+)-([0-9a-f-]{36})\.json$/;

function queued(stateDir: string): { seq: number; reportId: string }[] {
  const dir = join(stateDir, 'outbox');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((f) => REPORT_FILE.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ seq: Number(m[1]), reportId: m[2]! }));
}

afterAll(async () => {
  await stopAll();
  removeTempDirs();
});

describe('agent → console over WebSocket, through a console outage', () => {
  it('stores every report exactly once, including those queued while the console was down', async () => {
    const consoleProc = await ConsoleProcess.create();
    await consoleProc.start();
    const stateDir = tempDir('safefleet-agent-');

    const enrolment = await consoleProc.createEnrolmentString();
    expect(enrolment).toMatch(/^SFE1\./);
    const enrolled = await run(agentBin, ['enroll', enrolment, '--state', stateDir]);
    expect(enrolled.code, enrolled.stderr).toBe(0);

    // A used single-use token is refused with a clear message.
    const again = await run(agentBin, ['enroll', enrolment, '--state', tempDir(), '--force']);
    expect(again.code).not.toBe(0);

    const startAgent = (): Proc => start('agent', agentBin, ['run', '--state', stateDir, '--interval', '2s']);
    let agent = startAgent();

    const api = await consoleProc.login();
    const device = await until('the device to report', async () => {
      const res = await api('/api/devices');
      const list = DeviceSummary.array().parse(await res.json());
      return list.find((d) => d.findings.length === CONTROL_IDS.length);
    });
    expect(device.findings.map((f) => f.control).sort()).toEqual([...CONTROL_IDS].sort());
    expect(device.platform).toBe(process.platform);
    expect(['compliant', 'grace', 'noncompliant', 'notEvaluated', 'stale']).toContain(device.status);

    const detail = DeviceDetail.parse(await (await api(`/api/devices/${device.id}`)).json());
    expect(detail.facts?.apps.status).toBe('ok');
    expect(detail.findings.every((f) => f.reason.length > 0 && f.resolution.length > 0)).toBe(true);

    // Console goes down; the agent keeps collecting into its outbox.
    await consoleProc.stop();
    await until('two reports queued while the console is down', async () => queued(stateDir).length >= 2, 60_000);

    // The agent restarts while offline: the queue is on disk, not in memory.
    await agent.stop();
    const whileDown = queued(stateDir);
    expect(whileDown.length).toBeGreaterThanOrEqual(2);
    agent = startAgent();

    await consoleProc.start();
    await until('the outbox to drain', async () => whileDown.every((q) => !queued(stateDir).some((x) => x.reportId === q.reportId)), 60_000);
    await agent.stop();
    await consoleProc.stop();

    const db = new Database(join(consoleProc.dataDir, 'safefleet.db'), { readonly: true });
    try {
      const rows = db.prepare('SELECT report_id AS reportId, seq FROM reports WHERE device_id = ?').all(device.id) as {
        reportId: string;
        seq: number;
      }[];
      for (const q of whileDown) {
        expect(
          rows.filter((r) => r.reportId === q.reportId),
          `report seq ${q.seq}`,
        ).toHaveLength(1);
      }
      const seqs = rows.map((r) => r.seq);
      expect(new Set(seqs).size).toBe(seqs.length);
      expect(new Set(rows.map((r) => r.reportId)).size).toBe(rows.length);
    } finally {
      db.close();
    }
  });
});
