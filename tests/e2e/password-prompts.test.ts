// Acceptance 3 (password prompts): an account's password is due in ≤ 14 days. The console's prompt
// job (node-cron, every 2 s here through SAFEFLEET_PROMPTS_CRON) sends the device's agent `notify`
// and emails the keeper (real smtp-server); the reminder is not repeated within 3 days, and once
// the agent reports a newer password date the prompts stop.
//
// Part 1 uses a raw protocol agent on a real WebSocket to see exactly what the console sends.
// Part 2 runs the real agent program. This machine has no desktop session and no notify-send, so
// the agent runs in a private mount namespace (unshare, needs root) where the test provides what a
// keeper's laptop has: a user "kim" (uid 1500) in /etc/passwd and /etc/shadow with a password set
// 80 days ago, a session bus socket at /run/user/1500/bus, and a notify-send in /usr/local/bin (one
// of the fixed directories the agent looks in; it does not search $PATH) that records how it was
// run. Nothing outside that namespace changes. macOS and Windows command lines are tested as
// generated text in apps/agent/src/notify/*.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DevicePasswordPrompts, type ServerMessage } from '@safefleet/protocol';
import { EnvConsoleProcess, laptopFacts, RawAgent } from '../support/alerts-console.js';
import { agentBin, Proc, removeTempDirs, repoRoot, run, stopAll, tempDir, until } from '../support/processes.js';
import { MailCatcher } from '../support/smtp.js';

const DAY = 86_400_000;
const smtp = new MailCatcher();
let consoleProc: EnvConsoleProcess;
let raw: RawAgent | undefined;
let namespaced: Proc | undefined;

function canUseMountNamespace(): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  try {
    execFileSync('unshare', ['--mount', '--propagation', 'private', '/bin/sh', '-c', 'mount -t tmpfs tmpfs /run/user'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  await smtp.start();
  consoleProc = await EnvConsoleProcess.createWithEnv({
    SAFEFLEET_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
    SAFEFLEET_PROMPTS_CRON: '*/2 * * * * *',
  });
  await consoleProc.start();
});
afterAll(async () => {
  raw?.close();
  await namespaced?.stop();
  await stopAll();
  await smtp.stop();
  removeTempDirs();
});

const keeper = (name: string, email: string) => JSON.stringify({ keeper: { name, email, role: '' } });
const mailsTo = (to: string) => smtp.mails.filter((m) => m.to.includes(to));

describe('password prompts', () => {
  it('console side: notify for the account and one email to the keeper, not repeated; stops after a newer date', async () => {
    const api = await consoleProc.login();
    const creds = await consoleProc.enrol('yw-laptop-11');
    await api(`/api/devices/${creds.deviceId}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: keeper('Sam Patel', 'sam@charity.example.org'),
    });
    raw = await RawAgent.connect(creds, 'yw-laptop-11');
    const accounts = (daysAgo: number) => ({
      status: 'ok' as const,
      accounts: [
        { username: 'sam', isHuman: true, passwordLastSetAt: new Date(Date.now() - daysAgo * DAY).toISOString(), mustChangeAtNextLogin: false },
      ],
    });
    await raw.report(laptopFacts('yw-laptop-11', { accounts: accounts(80) }));

    const cmd = (await raw.next((m) => m.type === 'command', 10_000)) as Extract<ServerMessage, { type: 'command' }>;
    expect(cmd).toMatchObject({ name: 'notify', args: { user: 'sam', title: 'Time to change your password' } });
    if (cmd.name !== 'notify') throw new Error('expected notify');
    expect(cmd.args.body).toMatch(/^The password of your account "sam" on this computer is due on \d+ \w+ \d{4}, in (9|10) days\. /);
    const mail = await until('the keeper email', async () => mailsTo('sam@charity.example.org')[0], 10_000);
    expect(mail!.subject).toMatch(/^Please change your password on yw-laptop-11 by \d+ \w+ \d{4}$/);

    // The job keeps running every 2 s, but the next reminder is due in 3 days.
    await new Promise((r) => setTimeout(r, 5_000));
    expect(raw.received.filter((m) => m.type === 'command')).toHaveLength(0);
    expect(mailsTo('sam@charity.example.org')).toHaveLength(1);

    // A newer password date: the account is no longer due.
    await raw.report(laptopFacts('yw-laptop-11', { accounts: accounts(0) }));
    const history = DevicePasswordPrompts.parse(await (await api(`/api/password-prompts/${creds.deviceId}`)).json());
    expect(history.accounts.map((a) => [a.username, a.state])).toEqual([['sam', 'ok']]);
    expect(history.prompts.map((p) => [p.kind, p.username, p.agent, p.email])).toEqual([['due-soon', 'sam', 'sent', 'queued']]);
    expect(history.prompts[0]!.emailStatus).toBe('sent');
  });

  it.skipIf(!canUseMountNamespace())(
    'agent side: the real agent runs notify-send as the keeper on their session bus, with the right text',
    async () => {
      const dir = tempDir('safefleet-notify-');
      chmodSync(dir, 0o755);
      const outDir = tempDir('safefleet-notify-out-');
      chmodSync(outDir, 0o777);
      const calls = join(outDir, 'notify-send.calls.jsonl');
      const shadow = (daysAgo: number) => {
        const lastChange = Math.floor((Date.now() - daysAgo * DAY) / DAY);
        writeFileSync(join(dir, 'shadow'), `root:*:${lastChange}:0:99999:7:::\nkim:$6$e2e$e2e:${lastChange}:0:99999:7:::\n`);
      };
      writeFileSync(
        join(dir, 'passwd'),
        `root:x:0:0:root:/root:/bin/bash\nkim:x:1500:1500:Kim Ng:${outDir}:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n`,
      );
      shadow(80);
      writeFileSync(
        join(dir, 'notify-send'),
        `#!${process.execPath}\nconst e = process.env;\nrequire('fs').appendFileSync(${JSON.stringify(calls)}, JSON.stringify({ argv: process.argv.slice(2), uid: process.getuid(), gid: process.getgid(), env: { DBUS_SESSION_BUS_ADDRESS: e.DBUS_SESSION_BUS_ADDRESS, XDG_RUNTIME_DIR: e.XDG_RUNTIME_DIR, HOME: e.HOME, USER: e.USER } }) + '\\n');\n` +
          // As notify-send --print-id --wait does when the person clicks the notification: its id, then the action.
          `if (process.argv.includes('--wait')) process.stdout.write('42\\ndefault\\n');\n`,
      );
      chmodSync(join(dir, 'notify-send'), 0o755);
      const readCalls = () =>
        existsSync(calls)
          ? readFileSync(calls, 'utf8')
              .trim()
              .split('\n')
              .filter(Boolean)
              .map((l) => JSON.parse(l) as { argv: string[]; uid: number; gid: number; env: Record<string, string> })
          : [];

      const stateDir = tempDir('safefleet-agent-');
      const enrolled = await run(agentBin, ['enroll', await consoleProc.createEnrolmentString(), '--state', stateDir]);
      expect(enrolled.code, enrolled.stderr).toBe(0);
      const deviceId = (JSON.parse(readFileSync(join(stateDir, 'enrolment.json'), 'utf8')) as { deviceId: string }).deviceId;
      const api = await consoleProc.login();
      await api(`/api/devices/${deviceId}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: keeper('Kim Ng', 'kim@charity.example.org'),
      });

      const script = [
        'set -e',
        'mount -t tmpfs -o mode=0755 tmpfs /run/user',
        'mkdir /run/user/1500 && touch /run/user/1500/bus',
        'mount --bind "$NS_DIR/passwd" /etc/passwd',
        'mount --bind "$NS_DIR/shadow" /etc/shadow',
        'mount -t tmpfs -o mode=0755 tmpfs /usr/local/bin',
        'cp "$NS_DIR/notify-send" /usr/local/bin/notify-send',
        'exec "$NS_NODE" "$NS_AGENT" run --state "$NS_STATE" --interval 1h',
      ].join('\n');
      const child = spawn('unshare', ['--mount', '--propagation', 'private', '/bin/sh', '-c', script], {
        cwd: repoRoot,
        env: { ...process.env, NS_DIR: dir, NS_NODE: process.execPath, NS_AGENT: agentBin, NS_STATE: stateDir },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      namespaced = new Proc('agent-in-namespace', child);

      await namespaced.waitFor(/notification shown to kim: "Time to change your password"/, 60_000);
      const history = DevicePasswordPrompts.parse(await (await api(`/api/password-prompts/${deviceId}`)).json());
      expect(history.accounts.map((a) => [a.username, a.state])).toEqual([['kim', 'due-soon']]);
      const prompt = history.prompts[0]!;
      expect(prompt).toMatchObject({ username: 'kim', agent: 'sent' });
      const [call] = readCalls();
      expect(call!.argv).toEqual([
        '--app-name=Safefleet',
        '--urgency=normal',
        '--icon=dialog-password',
        '--print-id',
        '--wait',
        '--action=default=Open',
        '--',
        prompt.title,
        prompt.body,
      ]);
      // The agent told the console it was shown, then opened (clicked): the device page shows both.
      await namespaced.waitFor(/notification opened by kim/, 30_000);
      const reported = await until(
        'shown and opened on the console',
        async () => {
          const h = DevicePasswordPrompts.parse(await (await api(`/api/password-prompts/${deviceId}`)).json());
          return h.prompts[0]?.agentOpenedAt ? h.prompts[0] : undefined;
        },
        30_000,
      );
      expect(reported.agentShownAt).toEqual(expect.any(String));
      expect(Date.parse(reported.agentOpenedAt!)).toBeGreaterThanOrEqual(Date.parse(reported.agentShownAt!));
      expect(prompt.body).toMatch(/^The password of your account "kim" on this computer is due on/);
      expect(call!.uid).toBe(1500);
      expect(call!.gid).toBe(1500);
      expect(call!.env).toEqual({
        DBUS_SESSION_BUS_ADDRESS: 'unix:path=/run/user/1500/bus',
        XDG_RUNTIME_DIR: '/run/user/1500',
        HOME: outDir,
        USER: 'kim',
      });
      const mail = await until('the keeper email', async () => mailsTo('kim@charity.example.org')[0], 10_000);
      expect(mail!.subject).toMatch(/^Please change your password on .+ by \d+ \w+ \d{4}$/);

      // Kim changes the password; the agent reports the new date (collect now); no more prompts.
      shadow(0);
      const collect = await api(`/api/devices/${deviceId}/collect`, { method: 'POST' });
      expect(collect.status).toBe(202);
      await until(
        'the newer password date',
        async () => {
          const h = DevicePasswordPrompts.parse(await (await api(`/api/password-prompts/${deviceId}`)).json());
          return h.accounts[0]?.state === 'ok';
        },
        60_000,
      );
      const ran = await api('/api/password-prompts/run', { method: 'POST' });
      expect((await ran.json()) as { prompts: number }).toMatchObject({ prompts: 0 });
      await new Promise((r) => setTimeout(r, 4_000));
      expect(readCalls()).toHaveLength(1);
      expect(mailsTo('kim@charity.example.org')).toHaveLength(1);
    },
  );
});
