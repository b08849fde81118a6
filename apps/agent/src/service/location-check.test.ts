import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { posixWritableByOthers, programLocationProblem, windowsOutsideProtectedFolders } from './location-check.js';

const dir = mkdtempSync(join(tmpdir(), 'safefleet-location-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the service program must sit where only administrators can write', () => {
  // A fake stat, so the walk can be checked for any owner and mode.
  const tree = (entries: Record<string, [uid: number, mode: number]>) => (p: string) => {
    const e = entries[p];
    if (!e) throw new Error('ENOENT');
    return { uid: e[0], mode: e[1] };
  };

  it('accepts root-owned folders and a root-owned sticky /tmp on the way', () => {
    expect(
      posixWritableByOthers(
        '/opt/safefleet-agent/safefleet-agent',
        tree({
          '/opt/safefleet-agent/safefleet-agent': [0, 0o100755],
          '/opt/safefleet-agent': [0, 0o40755],
          '/opt': [0, 0o40755],
          '/': [0, 0o40755],
        }),
      ),
    ).toBeUndefined();
    expect(
      posixWritableByOthers('/tmp/x/agent', tree({ '/tmp/x/agent': [0, 0o100755], '/tmp/x': [0, 0o40700], '/tmp': [0, 0o41777], '/': [0, 0o40755] })),
    ).toBeUndefined();
  });

  it("refuses a keeper's home folder, a group-writable folder, and a world-writable file", () => {
    const home = tree({
      '/home/sam/safefleet/bin/a.js': [1000, 0o100644],
      '/home/sam/safefleet/bin': [1000, 0o40755],
      '/home/sam/safefleet': [1000, 0o40755],
      '/home/sam': [1000, 0o40750],
      '/home': [0, 0o40755],
      '/': [0, 0o40755],
    });
    expect(posixWritableByOthers('/home/sam/safefleet/bin/a.js', home)).toEqual({
      path: '/home/sam/safefleet/bin/a.js',
      why: expect.stringMatching(/belongs to user id 1000/),
    });
    const group = tree({ '/srv/a/prog': [0, 0o100755], '/srv/a': [0, 0o40775], '/srv': [0, 0o40755], '/': [0, 0o40755] });
    expect(posixWritableByOthers('/srv/a/prog', group)).toEqual({ path: '/srv/a', why: 'its group can write to it (mode 775)' });
    const world = tree({ '/opt/prog': [0, 0o101777], '/opt': [0, 0o40755], '/': [0, 0o40755] });
    expect(posixWritableByOthers('/opt/prog', world)?.why).toMatch(/every user can write/);
  });

  it('on this machine: a world-writable folder is refused with its path', () => {
    const open = join(dir, 'open');
    mkdirSync(open);
    writeFileSync(join(open, 'prog'), '');
    chmodSync(open, 0o777);
    if (process.getuid?.() === 0) chownSync(join(open, 'prog'), 0, 0);
    const p = programLocationProblem([join(open, 'prog')], 'linux');
    expect(p?.path).toBeDefined();
    expect(p!.why).toMatch(/every user can write|belongs to user id/);
  });

  it('Windows: Program Files and the Windows folder only', () => {
    const env = { ProgramFiles: 'C:\\Program Files', SystemRoot: 'C:\\Windows' };
    expect(windowsOutsideProtectedFolders('C:\\Program Files\\Safefleet\\safefleet-agent.exe', env)).toBeUndefined();
    expect(windowsOutsideProtectedFolders('c:\\program files\\Safefleet\\safefleet-agent.exe', env)).toBeUndefined();
    expect(windowsOutsideProtectedFolders('C:\\Users\\sam\\Downloads\\safefleet-agent.exe', env)?.why).toMatch(/outside Program Files/);
    expect(windowsOutsideProtectedFolders('C:\\Program Files Evil\\x.exe', env)).toBeDefined();
  });
});
