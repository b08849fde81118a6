import { describe, expect, it } from 'vitest';
import { buildInput } from '../test-support/facts.js';
import { checkDiskEncryption } from './disk-encryption.js';

type VolumeInput = { mount: string; encrypted: boolean | null; isSystem: boolean; method?: string; detail?: string };
const run = (volumes: VolumeInput[], platform: 'win32' | 'darwin' | 'linux' = 'win32') =>
  checkDiskEncryption(
    buildInput({
      os: { status: 'ok', platform },
      encryption: { status: 'ok', volumes },
    }),
  );

describe('disk-encryption', () => {
  it.each([
    ['BitLocker on', [{ mount: 'C:', encrypted: true, isSystem: true, method: 'BitLocker XTS-AES 128' }], 'pass', ['C:', 'BitLocker XTS-AES 128']],
    [
      'BitLocker off',
      [{ mount: 'C:', encrypted: false, isSystem: true, detail: 'Protection Off' }],
      'fail',
      ['C:', 'not encrypted', 'Protection Off'],
    ],
    ['cannot tell', [{ mount: 'C:', encrypted: null, isSystem: true }], 'unknown', ['C:', 'could not tell']],
    [
      'only the data drive is encrypted',
      [
        { mount: 'C:', encrypted: false, isSystem: true },
        { mount: 'D:', encrypted: true, isSystem: false },
      ],
      'fail',
      ['C:'],
    ],
    [
      'an unencrypted data drive does not matter',
      [
        { mount: 'C:', encrypted: true, isSystem: true },
        { mount: 'E:', encrypted: false, isSystem: false },
      ],
      'pass',
      ['C:'],
    ],
    ['no system drive reported', [{ mount: 'D:', encrypted: true, isSystem: false }], 'unknown', ['system drive', "'D:'"]],
    ['no drives at all', [], 'unknown', ['system drive']],
  ] as const)('%s → %s', (_label, volumes, status, words) => {
    const f = run(volumes.map((v) => ({ ...v })));
    expect(f.status).toBe(status);
    for (const w of words) expect(f.reason).toContain(w);
  });

  it('gives platform steps in the resolution', () => {
    const off = [{ mount: '/', encrypted: false, isSystem: true }];
    expect(run(off, 'darwin').resolution).toContain('FileVault');
    expect(run(off, 'win32').resolution).toContain('BitLocker');
    expect(run(off, 'linux').resolution).toContain('LUKS');
  });

  it('is unknown with the collector error', () => {
    const f = checkDiskEncryption(buildInput({ encryption: { status: 'error', error: 'manage-bde needs administrator rights' } }));
    expect(f.status).toBe('unknown');
    expect(f.reason).toContain('manage-bde needs administrator rights');
  });
});
