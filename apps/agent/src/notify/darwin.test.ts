import { describe, expect, it } from 'vitest';
import { commandLine, createFakeHost } from '../exec/index.js';
import { CONSOLE_USER, osascriptCommand, parseConsoleUser, showDarwin } from './darwin.js';

const args = { title: 'Time to change your password', body: 'Your password "kim" is due on 1 December 2026.', user: 'kim' };

describe('macOS notifier (osascript in the person’s GUI session)', () => {
  it('reads who is at the screen', () => {
    expect(parseConsoleUser('kim 501\n')).toEqual({ username: 'kim', uid: 501 });
    expect(parseConsoleUser('root 0\n')).toBeNull();
    expect(parseConsoleUser('_mbsetupuser 248\n')).toBeNull();
    expect(parseConsoleUser('')).toBeNull();
  });

  it('generates launchctl asuser <uid> sudo -u <user> osascript, title and body as arguments (no quoting)', () => {
    const cmd = osascriptCommand({ username: 'kim', uid: 501 }, args);
    expect(commandLine(cmd.file, cmd.args)).toBe(
      "/bin/launchctl asuser 501 /usr/bin/sudo -u kim /usr/bin/osascript -e 'on run argv' " +
        "-e 'display notification (item 2 of argv) with title (item 1 of argv) subtitle \"Safefleet\"' -e 'end run' " +
        "'Time to change your password' 'Your password \"kim\" is due on 1 December 2026.'",
    );
  });

  it('runs it for the console user; names who was not there', async () => {
    const cmd = osascriptCommand({ username: 'kim', uid: 501 }, args);
    const host = createFakeHost({
      platform: 'darwin',
      commands: { [commandLine(CONSOLE_USER.file, [...CONSOLE_USER.args])]: { stdout: 'kim 501\n' }, [commandLine(cmd.file, cmd.args)]: {} },
    });
    expect(await showDarwin(host, args)).toEqual({ shownTo: ['kim'], problems: [] });
    expect(host.calls.map((c) => c.file)).toEqual(['/usr/bin/stat', '/bin/launchctl']);
    expect(await showDarwin(host, { ...args, user: 'lee' })).toEqual({
      shownTo: [],
      problems: ['not shown: lee is not the person signed in at the screen'],
    });
    const loginWindow = createFakeHost({
      platform: 'darwin',
      commands: { [commandLine(CONSOLE_USER.file, [...CONSOLE_USER.args])]: { stdout: 'root 0\n' } },
    });
    expect((await showDarwin(loginWindow, args)).problems).toEqual(['not shown: no one is signed in at the screen']);
  });
});
