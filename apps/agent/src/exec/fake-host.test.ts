import { describe, expect, it } from 'vitest';
import { createFakeHost } from './fake-host.js';
import { commandLine } from './host.js';

describe('createFakeHost', () => {
  const host = createFakeHost({
    commands: {
      'apt list --upgradable': { stdout: 'Listing...\n', stderr: 'WARNING\n' },
      '/usr/sbin/dnf check-update': { exitCode: 100, stdout: 'x' },
      [commandLine('dpkg-query', ['-W', '-f=${Package}\t${Version}\n'])]: { stdout: 'bash\t5.2\n' },
      'id -u': (opts) => ({ stdout: `${opts.uid ?? 0}\n` }),
    },
    files: { '/etc/passwd': 'root:x:0:0::/root:/bin/bash\n', '/var/lib/clamav/daily.cld': Buffer.from('ClamAV-VDB:abc') },
    dirs: { '/home': ['bob', 'alice'] },
    paths: ['/run/user/1000/bus'],
  });

  it('answers canned commands by bare name or absolute path, and records calls', async () => {
    expect(await host.which('apt')).toBe('/usr/bin/apt');
    expect(await host.which('dnf')).toBe('/usr/sbin/dnf');
    expect(await host.which('rpm')).toBeNull();
    expect(await host.run('/usr/bin/apt', ['list', '--upgradable'])).toEqual({ stdout: 'Listing...\n', stderr: 'WARNING\n', exitCode: 0 });
    expect((await host.run('dnf', ['check-update'])).exitCode).toBe(100);
    expect((await host.run('dpkg-query', ['-W', '-f=${Package}\t${Version}\n'])).stdout).toBe('bash\t5.2\n');
    expect((await host.run('id', ['-u'], { uid: 1000 })).stdout).toBe('1000\n');
    expect(host.calls.map((c) => c.line)).toContain('id -u');
  });

  it('treats unknown programs as not installed and unknown arguments as a test bug', async () => {
    const missing = await host.run('rpm', ['-qa']);
    expect(missing.error).toMatch(/^ENOENT/);
    const wrong = await host.run('apt', ['list', '--installed']);
    expect(wrong.exitCode).toBe(127);
    expect(host.unmatched).toEqual(['apt list --installed']);
  });

  it('serves files, byte prefixes, listings and existence', async () => {
    expect(await host.readFile('/etc/passwd')).toContain('root');
    expect((await host.readFileBytes('/var/lib/clamav/daily.cld', 6))?.toString()).toBe('ClamAV');
    expect(await host.readFile('/etc/shadow')).toBeNull();
    expect(await host.listDir('/home')).toEqual(['alice', 'bob']);
    expect(await host.listDir('/etc')).toEqual(['passwd']);
    expect(await host.listDir('/run/user')).toEqual(['1000']);
    expect(await host.listDir('/nope')).toBeNull();
    expect(await host.exists('/run/user/1000/bus')).toBe(true);
    expect(await host.exists('/usr/bin/apt')).toBe(true);
    expect(await host.exists('/etc/shadow')).toBe(false);
  });
});
