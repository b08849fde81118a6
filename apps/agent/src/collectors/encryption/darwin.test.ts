import { readFileSync } from 'node:fs';
import { EncryptionFacts } from '@safefleet/protocol';
import { describe, expect, it } from 'vitest';
import { REGISTRY } from '../registry.js';
import { commandLine, createFakeHost } from '../../exec/index.js';
import { collectEncryptionDarwin, FDESETUP_ARGS } from './darwin.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/darwin/${name}`, import.meta.url), 'utf8');
const now = new Date('2026-11-21T10:00:00Z');
const FDESETUP = commandLine('fdesetup', FDESETUP_ARGS);

describe('collectEncryptionDarwin (fake Macs)', () => {
  it.each([
    ['macOS 15, FileVault On', 'fdesetup-status.on.txt', true],
    ['macOS 14, FileVault Off', 'fdesetup-status.off.txt', false],
    ['deferred until the next sign-in', 'fdesetup-status.deferred.txt', false],
  ])('%s', async (_n, name, encrypted) => {
    const host = createFakeHost({ platform: 'darwin', commands: { [FDESETUP]: { stdout: fixture(name) } } });
    const g = await collectEncryptionDarwin({ host, now });
    expect(g).toMatchObject({ status: 'ok', volumes: [{ mount: '/', isSystem: true, method: 'FileVault', encrypted }] });
    expect(EncryptionFacts.safeParse(g).success).toBe(true);
  });

  it('fdesetup failing without a FileVault line is an error', async () => {
    const host = createFakeHost({
      platform: 'darwin',
      commands: { [FDESETUP]: { exitCode: 1, stderr: fixture('fdesetup-status.garbage.stderr.txt') } },
    });
    expect(await collectEncryptionDarwin({ host, now })).toEqual({
      status: 'error',
      error: 'FileVault status could not be read: fdesetup status exited with code 1: Error: Unable to communicate with the daemon.',
    });
  });

  it('an odd answer with exit 0 is a volume whose state is unknown, not "off"', async () => {
    const host = createFakeHost({ platform: 'darwin', commands: { [FDESETUP]: { stdout: 'Something new.\n' } } });
    const g = await collectEncryptionDarwin({ host, now });
    expect(g.volumes?.[0]).toMatchObject({ encrypted: null, detail: 'fdesetup gave an answer Safefleet could not read (Something new.)' });
  });
});

describe('registry', () => {
  it('collectEncryptionDarwin is the macOS entry for encryption', () => {
    expect(REGISTRY.encryption.darwin).toBe(collectEncryptionDarwin);
  });
});
