import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain .mjs without types
import { buildDeb, dpkgDebAvailable } from './deb.mjs';

const available = dpkgDebAvailable() as boolean;
if (!available) console.warn('dpkg-deb is not installed: the .deb was not built (apt package dpkg)');

describe.skipIf(!available)('.deb for Debian/Ubuntu fleets', () => {
  const dir = mkdtempSync(join(tmpdir(), 'safefleet-deb-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('puts the program in /opt/safefleet-agent (root, 0755) with maintainer scripts, as dpkg-deb reads it', () => {
    const program = join(dir, 'program');
    writeFileSync(program, '#!/bin/sh\necho safefleet-agent 1.2.3\n');
    const name = buildDeb({ program, target: 'linux-x64', version: '1.2.3-rc.1', outDir: dir, workDir: dir }) as string;
    expect(name).toBe('safefleet-agent_1.2.3~rc.1_amd64.deb');
    const deb = join(dir, name);
    const field = (f: string) => execFileSync('dpkg-deb', ['--field', deb, f], { encoding: 'utf8' }).trim();
    expect([field('Package'), field('Version'), field('Architecture')]).toEqual(['safefleet-agent', '1.2.3~rc.1', 'amd64']);
    const contents = execFileSync('dpkg-deb', ['--contents', deb], { encoding: 'utf8' });
    expect(contents).toMatch(/^-rwxr-xr-x root\/root .* \.\/opt\/safefleet-agent\/safefleet-agent$/m);
    const info = execFileSync('dpkg-deb', ['--info', deb], { encoding: 'utf8' });
    for (const script of ['postinst', 'prerm', 'postrm']) expect(info).toContain(script);
    const ctl = join(dir, 'ctl');
    execFileSync('dpkg-deb', ['--control', deb, ctl]);
    // Maintainer scripts are valid sh.
    for (const script of ['postinst', 'prerm', 'postrm']) execFileSync('sh', ['-n', join(ctl, script)]);
  });
});
