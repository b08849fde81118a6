import { readFileSync } from 'node:fs';
import { EncryptionFacts } from '@safefleet/protocol';
import { describe, expect, it } from 'vitest';
import { commandLine, createFakeHost, type FakeResult } from '../../exec/index.js';
import { powershellArgs, powershellPath } from '../../exec/powershell.js';
import { BITLOCKER_SCRIPT, collectEncryptionWin32, MANAGE_BDE_ARGS, manageBdePath } from './win32.js';

const text = (name: string) => readFileSync(new URL(`./fixtures/win32/${name}`, import.meta.url), 'utf8');
const BDE = commandLine(manageBdePath(), MANAGE_BDE_ARGS);
const BLV = commandLine(powershellPath(), powershellArgs(BITLOCKER_SCRIPT));
const now = new Date('2026-11-21T10:00:00Z');
const hostWith = (bde: FakeResult, blv: FakeResult) => createFakeHost({ platform: 'win32', commands: { [BDE]: bde, [BLV]: blv } });

describe('collectEncryptionWin32 (fake Windows machines)', () => {
  it('BitLocker on: encrypted, with method and detail', async () => {
    const host = hostWith({ stdout: text('manage-bde.en.protection-on.txt') }, { stdout: text('bitlockervolume.on.json') });
    const g = await collectEncryptionWin32({ host, now });
    expect(host.unmatched).toEqual([]);
    expect(host.calls.map((c) => c.file).sort()).toEqual([
      'C:/Windows/System32/WindowsPowerShell/v1.0/powershell.exe',
      'C:/Windows/System32/manage-bde.exe',
    ]);
    expect(g).toEqual({
      status: 'ok',
      volumes: [
        {
          mount: 'C:',
          encrypted: true,
          method: 'BitLocker XTS-AES 128',
          isSystem: true,
          detail: 'Protection On; FullyEncrypted 100%; key protectors: Tpm, RecoveryPassword',
        },
      ],
    });
    expect(EncryptionFacts.safeParse(g).success).toBe(true);
  });

  it('German Windows, BitLocker off (exit code 1): not encrypted, whatever the text says', async () => {
    const host = hostWith({ exitCode: 1, stdout: text('manage-bde.de.protection-on.txt') }, { stdout: text('bitlockervolume.off.json') });
    const g = await collectEncryptionWin32({ host, now });
    expect(g.volumes?.[0]).toMatchObject({ encrypted: false, detail: 'Protection Off; FullyDecrypted 0%' });
  });

  it('not an administrator: an error that says so', async () => {
    const host = hostWith(
      { exitCode: -2147024891, stdout: text('manage-bde.en.access-denied.txt') },
      { stdout: text('bitlockervolume.access-denied.json') },
    );
    expect(await collectEncryptionWin32({ host, now })).toEqual({
      status: 'error',
      error: 'Safefleet needs to run as an administrator (or SYSTEM) to read the BitLocker status of drive C:',
    });
  });
});

it.each([['BITLOCKER_SCRIPT', BITLOCKER_SCRIPT]])(
  '%s travels as one argument: one line, no double quotes or comments, ends in compressed JSON',
  (_, script) => {
    expect(script).not.toMatch(/["#\r\n]/);
    expect(script).toMatch(/ConvertTo-Json .*-Compress\s*}?$/);
  },
);
