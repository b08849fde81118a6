// Alerts acceptance 1 with the real agent program: the agent runs in a private mount namespace
// (unshare, root only) where /usr/share/applications is a test folder holding this machine's own
// launchers plus Telegram's. The real collectors find Telegram, the real console alerts the DSL by
// email (a real smtp-server on 127.0.0.1) and logs a concern. When the launcher is removed and the
// console asks for a collection, the alert resolves. Nothing outside the namespace changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AlertList, ConcernList } from '@safefleet/protocol';
import { EnvConsoleProcess } from '../support/alerts-console.js';
import { agentBin, Proc, removeTempDirs, repoRoot, run, stopAll, tempDir, until } from '../support/processes.js';
import { MailCatcher } from '../support/smtp.js';

const smtp = new MailCatcher();
let consoleProc: EnvConsoleProcess;
let agent: Proc | undefined;

function canUseMountNamespace(): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  try {
    execFileSync('unshare', ['--mount', '--propagation', 'private', '/bin/true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  await smtp.start();
  consoleProc = await EnvConsoleProcess.createWithEnv({
    SAFEFLEET_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
    SAFEFLEET_MAIL_FROM: 'safefleet@charity.example.org',
    SAFEFLEET_DSL_EMAIL: 'dsl@charity.example.org',
  });
  await consoleProc.start();
});
afterAll(async () => {
  await agent?.stop();
  await stopAll();
  await smtp.stop();
  removeTempDirs();
});

const TELEGRAM = '[Desktop Entry]\nType=Application\nName=Telegram Desktop\nExec=telegram-desktop -- %u\nIcon=telegram\n';

describe('the real agent reports a catalogued app', () => {
  // Needs root and unshare to give the agent its own /usr/share/applications; CI runs as root.
  it.skipIf(!canUseMountNamespace())('alerts the DSL once, logs a concern, and resolves when the app is gone', async () => {
    const apps = join(tempDir('safefleet-apps-'), 'applications');
    mkdirSync(apps);
    if (existsSync('/usr/share/applications')) cpSync('/usr/share/applications', apps, { recursive: true });
    writeFileSync(join(apps, 'telegram-desktop.desktop'), TELEGRAM);

    const stateDir = tempDir('safefleet-agent-');
    const enrolled = await run(agentBin, ['enroll', await consoleProc.createEnrolmentString(), '--state', stateDir]);
    expect(enrolled.code, enrolled.stderr).toBe(0);
    const deviceId = (JSON.parse(readFileSync(join(stateDir, 'enrolment.json'), 'utf8')) as { deviceId: string }).deviceId;
    const api = await consoleProc.login();
    const json = { 'content-type': 'application/json' };
    const patched = await api(`/api/devices/${deviceId}`, {
      method: 'PATCH',
      headers: json,
      body: JSON.stringify({ keeper: { name: 'Priya Shah', email: 'priya@charity.example.org', role: 'Youth worker' } }),
    });
    expect(patched.status).toBe(200);

    const script = [
      'set -e',
      'mount --bind "$NS_APPS" /usr/share/applications',
      'exec "$NS_NODE" "$NS_AGENT" run --state "$NS_STATE" --interval 1h',
    ].join('\n');
    const child = spawn('unshare', ['--mount', '--propagation', 'private', '/bin/sh', '-c', script], {
      cwd: repoRoot,
      env: { ...process.env, NS_APPS: apps, NS_NODE: process.execPath, NS_AGENT: agentBin, NS_STATE: stateDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    agent = new Proc('agent-in-namespace', child);

    const [mail] = await smtp.waitFor(1, 60_000);
    const hostname = execFileSync('hostname', { encoding: 'utf8' }).trim();
    expect(mail!.to).toEqual(['dsl@charity.example.org']);
    expect(mail!.subject).toMatch(/^Safeguarding alert: Telegram found on /);
    expect(mail!.text).toContain('Keeper: Priya Shah');
    expect(mail!.text).toContain('Telegram');
    expect(mail!.text).toContain(`${consoleProc.url}/devices/${deviceId}`);
    expect(mail!.subject).toContain(hostname);

    const open = AlertList.parse(await (await api('/api/alerts?status=open&control=social-apps')).json());
    expect(open.map((a) => a.deviceId)).toEqual([deviceId]);
    const concerns = ConcernList.parse(await (await api('/api/concerns')).json());
    expect(concerns.map((c) => [c.status, c.keeperName])).toEqual([['to-triage', 'Priya Shah']]);

    // A second collection with Telegram still there sends nothing new.
    expect((await api(`/api/devices/${deviceId}/collect`, { method: 'POST' })).status).toBe(202);
    await agent.waitFor(/collected report seq 2/, 60_000);
    await agent.waitFor(/acked seq 2/, 30_000);
    await new Promise((r) => setTimeout(r, 2_000));
    expect(smtp.mails.filter((m) => m.subject.startsWith('Safeguarding alert'))).toHaveLength(1);

    // The keeper removes Telegram; the console asks for a collection; the alert resolves.
    rmSync(join(apps, 'telegram-desktop.desktop'));
    expect((await api(`/api/devices/${deviceId}/collect`, { method: 'POST' })).status).toBe(202);
    await until(
      'the alert to resolve',
      async () => AlertList.parse(await (await api('/api/alerts?status=open&control=social-apps')).json()).length === 0,
      60_000,
    );
    const resolved = await until('the resolved email', async () => smtp.mails.find((m) => m.subject.startsWith('Resolved:')), 15_000);
    expect(resolved.to).toEqual(['dsl@charity.example.org']);
  });
});
