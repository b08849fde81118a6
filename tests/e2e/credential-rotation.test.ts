// Issue 9: device credential rotation with a real console process and a real agent process. The IT
// lead replaces the credential from the console; the agent saves the new one in enrolment.json
// (atomic write) and acknowledges; the old one is refused from then on; the agent, restarted,
// connects with the new one.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { AuditList, DeviceSummary, RotateCredentialResponse } from '@safefleet/protocol';
import { ConsoleProcess } from '../support/console.js';
import { agentBin, type Proc, removeTempDirs, run, start, stopAll, tempDir, until } from '../support/processes.js';

afterAll(async () => {
  await stopAll();
  removeTempDirs();
});

/** The HTTP status the agent WebSocket answers for `deviceId.secret` (101 when upgraded). */
function upgradeStatus(url: string, credential: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws/agent`, { headers: { authorization: `Bearer ${credential}` } });
    ws.once('open', () => {
      ws.terminate();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

describe('device credential rotation with a real agent', () => {
  it('the agent stores the new credential and acknowledges; the old one is refused; a restarted agent connects with the new one', async () => {
    const consoleProc = await ConsoleProcess.create();
    await consoleProc.start();
    const stateDir = tempDir('safefleet-agent-');
    const enrolled = await run(agentBin, ['enroll', await consoleProc.createEnrolmentString(), '--state', stateDir]);
    expect(enrolled.code, enrolled.stderr).toBe(0);
    const enrolmentFile = join(stateDir, 'enrolment.json');
    const before = JSON.parse(readFileSync(enrolmentFile, 'utf8')) as { deviceId: string; deviceSecret: string };

    const startAgent = (): Proc => start('agent', agentBin, ['run', '--state', stateDir, '--interval', '1h']);
    let agent = startAgent();
    const api = await consoleProc.login();
    await until('the agent to connect', async () => {
      const list = DeviceSummary.array().parse(await (await api('/api/devices')).json());
      return list.find((d) => d.id === before.deviceId && d.lastSeenAt !== null);
    });

    const res = await api(`/api/devices/${before.deviceId}/rotate-credential`, { method: 'POST' });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(RotateCredentialResponse.parse(await res.json()).sent).toBe(true);
    const audit = async () => AuditList.parse(await (await api(`/api/audit?target=${before.deviceId}`)).json()).map((e) => e.action);
    await until('the agent to acknowledge', async () => (await audit()).includes('device.credential-rotated'), 30_000);
    await agent.waitFor(/the console replaced this device's credential; the new one is saved/, 10_000);

    const after = JSON.parse(readFileSync(enrolmentFile, 'utf8')) as { deviceId: string; deviceSecret: string };
    expect(after.deviceId).toBe(before.deviceId);
    expect(after.deviceSecret).not.toBe(before.deviceSecret);
    expect(statSync(enrolmentFile).mode & 0o777).toBe(0o600);
    expect(await upgradeStatus(consoleProc.url, `${before.deviceId}.${before.deviceSecret}`)).toBe(401);

    // Restarted, the agent reads the new credential from disk and connects with it.
    await agent.stop();
    const restartedAt = new Date().toISOString();
    agent = startAgent();
    await until('the restarted agent to connect', async () => {
      const list = DeviceSummary.array().parse(await (await api('/api/devices')).json());
      const d = list.find((x) => x.id === before.deviceId);
      return d?.lastSeenAt && d.lastSeenAt > restartedAt ? d : null;
    });
    const refusals = AuditList.parse(await (await api('/api/audit?limit=500')).json()).filter(
      (e) => e.action === 'agent.refused' && e.at > restartedAt,
    );
    expect(refusals).toEqual([]);
    await agent.stop();
    await consoleProc.stop();
  }, 120_000);
});
