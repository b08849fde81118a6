import { readFileSync } from 'node:fs';
import { ScreenLockFacts } from '@safefleet/protocol';
import { describe, expect, it } from 'vitest';
import { commandLine, createFakeHost, type FakeHostSpec, type RunOptions } from '../../exec/index.js';
import { collectScreenLockLinux, GSETTINGS_KEYS, KDE_SYSTEM_RC, LIST_SESSIONS_ARGS, NO_SESSION, showSessionArgs } from './linux.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const now = new Date('2026-11-21T10:00:00Z');
const passwd =
  'root:x:0:0::/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\ncarol:x:1002:1002::/home/carol:/bin/bash\ndan:x:1003:1003::/home/dan:/bin/bash\n';
const asUser = (uid: number, stdout: string) => (opts: RunOptions) => (opts.uid === uid ? { stdout } : { exitCode: 1, stderr: 'wrong user\n' });
const gnome = (uid: number): FakeHostSpec['commands'] => ({
  [commandLine('gsettings', [...GSETTINGS_KEYS.lockEnabled])]: asUser(uid, fixture('gsettings-lock-enabled.true.txt')),
  [commandLine('gsettings', [...GSETTINGS_KEYS.lockDelay])]: asUser(uid, fixture('gsettings-lock-delay.0.txt')),
  [commandLine('gsettings', [...GSETTINGS_KEYS.idleDelay])]: asUser(uid, fixture('gsettings-idle-delay.300.txt')),
});

describe('collectScreenLockLinux (fake machines)', () => {
  it('this VM: loginctl cannot answer (no systemd) and /run/user is empty → unsupported with the plain reason', async () => {
    const host = createFakeHost({
      commands: { [commandLine('loginctl', LIST_SESSIONS_ARGS)]: { exitCode: 1, stderr: fixture('loginctl-list-sessions.no-systemd.stderr.txt') } },
      paths: ['/run/user'],
    });
    expect(await collectScreenLockLinux({ host, now })).toEqual({ status: 'unsupported', error: NO_SESSION });
  });

  it('a GNOME session: gsettings runs as that person on their session bus', async () => {
    const host = createFakeHost({
      commands: {
        [commandLine('loginctl', LIST_SESSIONS_ARGS)]: { stdout: fixture('loginctl-list-sessions.ubuntu.txt') },
        [commandLine('loginctl', showSessionArgs(['2', 'c1', '14']))]: { stdout: fixture('loginctl-show-session.ubuntu.txt') },
        ...gnome(1000),
      },
      files: { '/etc/passwd': passwd },
    });
    const r = await collectScreenLockLinux({ host, now });
    expect(r).toEqual({ status: 'ok', users: [{ user: 'alice', lockEnabled: true, idleSeconds: 300, lockDelaySeconds: 0, source: 'gnome' }] });
    expect(ScreenLockFacts.safeParse(r).success).toBe(true);
    const call = host.calls.find((c) => c.args.includes('lock-enabled'));
    expect(call?.opts).toMatchObject({
      uid: 1000,
      gid: 1000,
      env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/run/user/1000/bus', HOME: '/home/alice', XDG_RUNTIME_DIR: '/run/user/1000', USER: 'alice' },
    });
  });

  it('KDE from kscreenlockerrc; XFCE is named as not readable yet', async () => {
    const host = createFakeHost({
      commands: {
        [commandLine('loginctl', LIST_SESSIONS_ARGS)]: { stdout: '  5 1002 carol seat0 tty2\n  6 1003 dan seat1 tty3\n' },
        [commandLine('loginctl', showSessionArgs(['5', '6']))]: { stdout: fixture('loginctl-show-session.kde-and-xfce.txt') },
      },
      files: { '/etc/passwd': passwd, '/home/carol/.config/kscreenlockerrc': fixture('kscreenlockerrc.custom') },
    });
    const r = await collectScreenLockLinux({ host, now });
    expect(r.status).toBe('ok');
    expect(r.users).toEqual([
      { user: 'carol', lockEnabled: false, idleSeconds: 900, lockDelaySeconds: 30, source: 'kde: locks only when waking from sleep' },
      { user: 'dan', lockEnabled: null, idleSeconds: null, lockDelaySeconds: null, source: 'unsupported desktop: xfce' },
    ]);
  });

  it("KDE: an administrator's locked defaults in /etc/xdg apply to every person with a session", async () => {
    const host = createFakeHost({
      commands: {
        [commandLine('loginctl', LIST_SESSIONS_ARGS)]: { stdout: '  5 1002 carol seat0 tty2\n' },
        [commandLine('loginctl', showSessionArgs(['5']))]: { stdout: 'Type=wayland\nClass=user\nName=carol\nUser=1002\nDesktop=KDE\nState=active\n' },
      },
      files: {
        '/etc/passwd': passwd,
        '/home/carol/.config/kscreenlockerrc': fixture('kscreenlockerrc.custom'),
        [KDE_SYSTEM_RC]: fixture('kscreenlockerrc.etc-xdg.group-locked'),
      },
    });
    expect(await collectScreenLockLinux({ host, now })).toEqual({
      status: 'ok',
      users: [{ user: 'carol', lockEnabled: true, idleSeconds: 600, lockDelaySeconds: 0, source: 'kde' }],
    });
  });

  it('only desktops we cannot read → unsupported; gsettings failing → error', async () => {
    const xfceOnly = createFakeHost({
      commands: {
        [commandLine('loginctl', LIST_SESSIONS_ARGS)]: { stdout: '  6 1003 dan seat1 tty3\n' },
        [commandLine('loginctl', showSessionArgs(['6']))]: { stdout: 'Type=x11\nClass=user\nName=dan\nUser=1003\nDesktop=xfce\n' },
      },
      files: { '/etc/passwd': passwd },
    });
    expect(await collectScreenLockLinux({ host: xfceOnly, now })).toMatchObject({
      status: 'unsupported',
      error: 'The screen lock of the xfce desktop cannot be read yet',
    });

    // No logind: a session bus socket in /run/user is used instead; the bus refuses us.
    const refused = createFakeHost({
      commands: {
        [commandLine('gsettings', [...GSETTINGS_KEYS.lockEnabled])]: { exitCode: 1, stderr: 'error: Could not connect: Permission denied\n' },
        [commandLine('gsettings', [...GSETTINGS_KEYS.lockDelay])]: { exitCode: 1 },
        [commandLine('gsettings', [...GSETTINGS_KEYS.idleDelay])]: { exitCode: 1 },
      },
      files: { '/etc/passwd': passwd },
      paths: ['/run/user/1000/bus', '/run/user/0/bus'],
    });
    expect(await collectScreenLockLinux({ host: refused, now })).toMatchObject({
      status: 'error',
      error: 'alice: gsettings exited with code 1: error: Could not connect: Permission denied',
    });
  });
});
