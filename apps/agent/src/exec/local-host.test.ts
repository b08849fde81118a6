import { mkdtempSync, writeFileSync, mkdirSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLocalHost } from './local-host.js';
import { describeFailure, isNotInstalled } from './host.js';

// These run real programs (true, false, echo, sleep, env), so they need a Unix-like host.
describe.skipIf(process.platform === 'win32')('createLocalHost', () => {
  const host = createLocalHost();

  it('resolves programs to absolute paths in the system directories', async () => {
    const echo = await host.which('echo');
    expect(echo).toMatch(/^\/(usr\/)?bin\/echo$/);
    expect(await host.which('safefleet-no-such-tool')).toBeNull();
    expect(await host.which('relative/echo')).toBeNull();
  });

  it('runs true, false and echo and keeps stdout and stderr apart', async () => {
    expect(await host.run('true', [])).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    const f = await host.run('false', []);
    expect(f.exitCode).toBe(1);
    expect(describeFailure('false', f)).toBe('false exited with code 1');
    const e = await host.run('echo', ['hello', 'two words', '$HOME']);
    expect(e.stdout).toBe('hello two words $HOME\n'); // no shell: nothing is expanded
  });

  it('reports a missing program as not installed instead of throwing', async () => {
    const r = await host.run('safefleet-no-such-tool', ['--version']);
    expect(r.exitCode).toBeNull();
    expect(isNotInstalled(r)).toBe(true);
    expect(r.error).toMatch(/^ENOENT: safefleet-no-such-tool is not installed/);
  });

  it('always runs tools in the C locale with a clean environment', async () => {
    process.env.SAFEFLEET_SECRET_FOR_TEST = 'do-not-leak';
    const r = await host.run('env', [], { env: { LC_ALL: 'de_DE.UTF-8', EXTRA: 'yes' } });
    delete process.env.SAFEFLEET_SECRET_FOR_TEST;
    const lines = r.stdout.split('\n');
    expect(lines).toContain('LC_ALL=C');
    expect(lines).toContain('LANG=C');
    expect(lines).toContain('EXTRA=yes');
    expect(r.stdout).not.toContain('do-not-leak');
  });

  it('kills a command that runs past its timeout', async () => {
    const started = Date.now();
    const r = await host.run('sleep', ['5'], { timeoutMs: 200 });
    expect(r.timedOut).toBe(true);
    expect(r.exitCode).toBeNull();
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(describeFailure('sleep', r)).toBe('sleep took too long and was stopped');
  });

  it('stops collecting output at maxBuffer', async () => {
    const r = await host.run('head', ['-c', '100000', '/dev/zero'], { maxBuffer: 1000 });
    expect(r.truncated).toBe(true);
    expect(r.stdout.length).toBe(1000);
  });

  it('reads files, bounded byte prefixes, directories and existence', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sf-host-'));
    writeFileSync(join(dir, 'a.txt'), 'héllo world');
    mkdirSync(join(dir, 'sub'));
    expect(await host.readFile(join(dir, 'a.txt'))).toBe('héllo world');
    expect(await host.readFile(join(dir, 'a.txt'), { maxBytes: 5 })).toBe('héll');
    expect((await host.readFileBytes(join(dir, 'a.txt'), 3))?.toString('latin1')).toBe('h\u00c3\u00a9');
    expect(await host.readFile(join(dir, 'missing'))).toBeNull();
    expect(await host.readFileBytes(join(dir, 'missing'), 10)).toBeNull();
    expect(await host.listDir(dir)).toEqual(['a.txt', 'sub']);
    expect(await host.listDir(join(dir, 'missing'))).toBeNull();
    expect(await host.exists(join(dir, 'sub'))).toBe(true);
    expect(await host.exists(join(dir, 'nope'))).toBe(false);
    // A file that is not executable is not a program.
    writeFileSync(join(dir, 'tool'), '#!/bin/sh\n');
    chmodSync(join(dir, 'tool'), 0o644);
    expect(await host.which(join(dir, 'tool'))).toBeNull();
    chmodSync(join(dir, 'tool'), 0o755);
    expect(await host.which(join(dir, 'tool'))).toBe(join(dir, 'tool'));
  });

  it('reads /proc files whose size is reported as 0', async () => {
    if (process.platform !== 'linux') return;
    const text = await host.readFile('/proc/self/status');
    expect(text).toMatch(/^Name:/);
  });
});
