import { readFileSync } from 'node:fs';
import { OsFacts } from '@safefleet/protocol';
import { describe, expect, it } from 'vitest';
import { REGISTRY } from '../registry.js';
import { commandLine, createFakeHost } from '../../exec/index.js';
import { collectOsDarwin, IOREG_ARGS, UNAME_ARCH_ARGS, UNAME_KERNEL_ARGS } from './darwin.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/darwin/${name}`, import.meta.url), 'utf8');
const now = new Date('2026-11-21T10:00:00Z');

describe('collectOsDarwin (fake Macs)', () => {
  it('macOS 15 Sequoia on Apple silicon', async () => {
    const host = createFakeHost({
      platform: 'darwin',
      commands: {
        sw_vers: { stdout: fixture('sw_vers.sequoia-15.3.txt') },
        [commandLine('uname', UNAME_ARCH_ARGS)]: { stdout: 'arm64\n' },
        [commandLine('uname', UNAME_KERNEL_ARGS)]: { stdout: '24.3.0\n' },
        hostname: { stdout: 'Youth-Team-MBA.local\n' },
        [commandLine('ioreg', IOREG_ARGS)]: { stdout: fixture('ioreg-platform.apple-silicon.txt') },
      },
    });
    const g = await collectOsDarwin({ host, now });
    expect(g).toMatchObject({
      status: 'ok',
      platform: 'darwin',
      distro: 'macOS',
      release: '15.3',
      build: '24D60',
      kernel: '24.3.0',
      arch: 'arm64',
      serial: 'C02ABC123DEF',
    });
    expect(OsFacts.safeParse(g).success).toBe(true);
    expect(host.unmatched).toEqual([]);
  });

  it('sw_vers missing → error in plain words', async () => {
    const host = createFakeHost({ platform: 'darwin', commands: { [commandLine('uname', UNAME_ARCH_ARGS)]: { stdout: 'x86_64\n' } } });
    const g = await collectOsDarwin({ host, now });
    expect(g).toEqual({ status: 'error', platform: 'darwin', error: 'sw_vers could not be started: ENOENT: sw_vers is not installed' });
  });
});

describe('registry', () => {
  it('collectOsDarwin is the macOS entry for os', () => {
    expect(REGISTRY.os.darwin).toBe(collectOsDarwin);
  });
});
