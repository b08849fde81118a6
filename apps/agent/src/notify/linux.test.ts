import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commandLine, createFakeHost, type FakeHostSpec } from '../exec/index.js';
import { LIST_SESSIONS_ARGS, showSessionArgs } from '../collectors/screen-lock/linux.js';
import { handleNotify } from './index.js';
import { escapeMarkup, notifySendArgs, parseNotifySendOutput, trackedNotifySendArgs, WAIT_FOR_CLICK_MS } from './linux.js';

// Real loginctl output, shared with the screen-lock collector's tests.
const fixture = (name: string) => readFileSync(new URL(`../collectors/screen-lock/fixtures/${name}`, import.meta.url), 'utf8');
const passwd = 'root:x:0:0::/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\nbob:x:1001:1001::/home/bob:/bin/bash\n';
const args = { title: 'Time to change your password', body: 'The password of "alice" is due on 1 December 2026 & <soon>.', user: 'alice' };
const logind: FakeHostSpec['commands'] = {
  [commandLine('loginctl', LIST_SESSIONS_ARGS)]: { stdout: fixture('loginctl-list-sessions.ubuntu.txt') },
  [commandLine('loginctl', showSessionArgs(['2', 'c1', '14']))]: { stdout: fixture('loginctl-show-session.ubuntu.txt') },
};

describe('Linux notifier (notify-send as the person, on their session bus)', () => {
  it('builds the exact command line', () => {
    expect(commandLine('notify-send', notifySendArgs(args))).toBe(
      "notify-send --app-name=Safefleet --urgency=normal --icon=dialog-password -- 'Time to change your password' " +
        '\'The password of "alice" is due on 1 December 2026 &amp; &lt;soon&gt;.\'',
    );
    expect(escapeMarkup('a<b>&c')).toBe('a&lt;b&gt;&amp;c');
  });

  it('reads what notify-send --print-id --wait printed: the id (shown), then the clicked action (opened)', () => {
    // Recorded from libnotify-bin 0.8.3 (Debian 12) under GNOME: clicked, dismissed, and an old notify-send's refusal.
    expect(parseNotifySendOutput('17\ndefault\n')).toEqual({ id: 17, action: 'default' });
    expect(parseNotifySendOutput('18\n')).toEqual({ id: 18, action: null });
    expect(parseNotifySendOutput('')).toEqual({ id: null, action: null });
    expect(parseNotifySendOutput('Unknown option --print-id\n')).toEqual({ id: null, action: null });
    expect(trackedNotifySendArgs(args).slice(0, 7)).toEqual([
      '--app-name=Safefleet',
      '--urgency=normal',
      '--icon=dialog-password',
      '--print-id',
      '--wait',
      '--action=default=Open',
      '--',
    ]);
  });

  it('reports "shown" and, when the keeper clicks it, "opened" (notify-send --wait)', async () => {
    const host = createFakeHost({
      commands: { ...logind, [commandLine('notify-send', trackedNotifySendArgs(args))]: { stdout: '17\ndefault\n' } },
      files: { '/etc/passwd': passwd },
    });
    const events: Array<{ event: string; user: string }> = [];
    const logs: string[] = [];
    await handleNotify(
      args,
      host,
      (m) => logs.push(m),
      (e) => events.push({ event: e.event, user: e.user }),
    );
    expect(events).toEqual([
      { event: 'shown', user: 'alice' },
      { event: 'opened', user: 'alice' },
    ]);
    expect(logs.at(-1)).toBe('notification opened by alice: "Time to change your password"');
    expect(host.calls.find((c) => c.file === 'notify-send')?.opts.timeoutMs).toBe(WAIT_FOR_CLICK_MS);
  });

  it('an older notify-send that refuses --wait gets the plain form: "shown" only', async () => {
    const host = createFakeHost({
      commands: {
        ...logind,
        [commandLine('notify-send', trackedNotifySendArgs(args))]: { exitCode: 1, stderr: 'Unknown option --print-id\n' },
        [commandLine('notify-send', notifySendArgs(args))]: {},
      },
      files: { '/etc/passwd': passwd },
    });
    const events: string[] = [];
    const outcome = await handleNotify(
      args,
      host,
      () => {},
      (e) => events.push(e.event),
    );
    expect(outcome.shownTo).toEqual(['alice']);
    expect(events).toEqual(['shown']);
  });

  it('runs notify-send as the desktop user with DBUS_SESSION_BUS_ADDRESS of their session', async () => {
    const host = createFakeHost({
      commands: { ...logind, [commandLine('notify-send', trackedNotifySendArgs(args))]: { stdout: '5\n' } },
      files: { '/etc/passwd': passwd },
    });
    const logs: string[] = [];
    const outcome = await handleNotify(args, host, (m) => logs.push(m));
    expect(outcome).toMatchObject({ shownTo: ['alice'], problems: [] });
    const call = host.calls.find((c) => c.file === 'notify-send')!;
    expect(call.args).toEqual(trackedNotifySendArgs(args));
    expect(call.opts).toEqual({
      uid: 1000,
      gid: 1000,
      timeoutMs: WAIT_FOR_CLICK_MS,
      env: {
        DBUS_SESSION_BUS_ADDRESS: 'unix:path=/run/user/1000/bus',
        XDG_RUNTIME_DIR: '/run/user/1000',
        HOME: '/home/alice',
        USER: 'alice',
        LOGNAME: 'alice',
      },
    });
    expect(logs).toEqual([
      'notification received: Time to change your password (for alice)',
      'notification shown to alice: "Time to change your password"',
    ]);
  });

  it('without logind, finds sessions by their bus in /run/user; without a user, shows to everyone there', async () => {
    const host = createFakeHost({
      commands: {
        [commandLine('loginctl', LIST_SESSIONS_ARGS)]: { exitCode: 1, stderr: fixture('loginctl-list-sessions.no-systemd.stderr.txt') },
        [commandLine('notify-send', trackedNotifySendArgs({ title: 't', body: 'b' }))]: { stdout: '3\n' },
      },
      files: { '/etc/passwd': passwd },
      paths: ['/run/user/1000/bus', '/run/user/1001/bus', '/run/user/1002', '/run/user/0'],
    });
    const outcome = await handleNotify({ title: 't', body: 'b' }, host, () => {});
    expect(outcome.shownTo).toEqual(['alice', 'bob']);
    expect(host.calls.filter((c) => c.file === 'notify-send').map((c) => c.opts.uid)).toEqual([1000, 1001]);
  });

  it('says plainly why nothing was shown: nobody signed in, the user not signed in, notify-send missing, notify-send failing', async () => {
    const none = createFakeHost({
      commands: { [commandLine('loginctl', LIST_SESSIONS_ARGS)]: { exitCode: 1, stderr: 'System has not been booted with systemd' } },
      paths: ['/run/user'],
    });
    expect(await handleNotify({ title: 't', body: 'b' }, none, () => {})).toMatchObject({
      shownTo: [],
      problems: ['not shown: no one is signed in to a desktop'],
    });
    expect(none.calls.some((c) => c.file === 'notify-send')).toBe(false);

    const other = createFakeHost({ commands: logind, files: { '/etc/passwd': passwd } });
    expect((await handleNotify({ ...args, user: 'bob' }, other, () => {})).problems).toEqual(['not shown: bob is not signed in to a desktop']);

    const missing = createFakeHost({ commands: logind, files: { '/etc/passwd': passwd } });
    expect((await handleNotify(args, missing, () => {})).problems).toEqual([
      'not shown: notify-send is not installed (on Debian or Ubuntu it is in the libnotify-bin package)',
    ]);

    const failing = createFakeHost({
      commands: { ...logind, [commandLine('notify-send', notifySendArgs(args))]: { exitCode: 1, stderr: 'GDBus.Error: Could not connect\n' } },
      files: { '/etc/passwd': passwd },
    });
    const logs: string[] = [];
    await handleNotify(args, failing, (m) => logs.push(m));
    expect(logs.at(-1)).toBe('notification not shown to alice: notify-send exited with code 1: GDBus.Error: Could not connect');
  });
});
