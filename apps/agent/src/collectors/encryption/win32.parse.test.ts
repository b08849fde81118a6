import { readFileSync } from 'node:fs';
import { EncryptionFacts } from '@safefleet/protocol';
import { describe, expect, it } from 'vitest';
import { parsePsJson } from '../../exec/powershell.js';
import { manageBdeVerdict, parseBitLockerVolumes, parseManageBdeText, systemVolume, type BitLockerVolume } from './win32.parse.js';

const text = (name: string) => readFileSync(new URL(`./fixtures/win32/${name}`, import.meta.url), 'utf8');
const doc = (name: string) => {
  const r = parsePsJson(text(name));
  if (!r.ok) throw new Error(`${name} is not JSON`);
  return r.value;
};
const blv = (name: string): BitLockerVolume => {
  const r = parseBitLockerVolumes(doc(name));
  if (!('volumes' in r) || !r.volumes[0]) throw new Error(`${name} has no volume`);
  return r.volumes[0];
};
const run = (stdout: string, exitCode: number | null) => ({ stdout, stderr: '', exitCode });

describe('manageBdeVerdict: the exit code decides, in any language', () => {
  it.each([
    ['English, Protection On', 'manage-bde.en.protection-on.txt', 0, { protected: true }],
    ['English, Protection Off', 'manage-bde.en.protection-off.txt', 1, { protected: false }],
    ['English, encrypted but waiting for activation (clear key)', 'manage-bde.en.device-encryption-waiting.txt', 1, { protected: false }],
    ['German, protected', 'manage-bde.de.protection-on.txt', 0, { protected: true }],
    [
      'English, not admin (E_ACCESSDENIED as a signed code)',
      'manage-bde.en.access-denied.txt',
      -2147024891,
      {
        error: 'Safefleet needs to run as an administrator (or SYSTEM) to read the BitLocker status of drive C:',
        needsAdmin: true,
      },
    ],
    [
      'German, not admin (unsigned code; text not understood)',
      'manage-bde.de.access-denied.txt',
      2147942405,
      {
        error: 'Safefleet needs to run as an administrator (or SYSTEM) to read the BitLocker status of drive C:',
        needsAdmin: true,
      },
    ],
    [
      'English, not admin, odd code: recognised from the text',
      'manage-bde.en.access-denied.txt',
      5,
      {
        error: 'Safefleet needs to run as an administrator (or SYSTEM) to read the BitLocker status of drive C:',
        needsAdmin: true,
      },
    ],
    [
      'German error with another code',
      'manage-bde.de.access-denied.txt',
      -2144272384,
      {
        error: 'manage-bde exited with code -2144272384: FEHLER: Der Versuch, auf eine erforderliche Ressource zuzugreifen, wurde verweigert.',
        needsAdmin: false,
      },
    ],
  ])('%s', (_, name, code, expected) => {
    expect(manageBdeVerdict(run(text(name), code))).toEqual(expected);
  });

  it('not installed', () => {
    expect(manageBdeVerdict({ stdout: '', stderr: '', exitCode: null, error: 'ENOENT: manage-bde.exe is not installed' })).toEqual({
      error: 'manage-bde could not be started: ENOENT: manage-bde.exe is not installed',
      needsAdmin: false,
    });
  });
});

describe('parseManageBdeText (English detail only)', () => {
  it.each([
    ['manage-bde.en.protection-on.txt', { conversion: 'Fully Encrypted', percentage: '100.0%', method: 'XTS-AES 128', protection: 'Protection On' }],
    ['manage-bde.en.protection-off.txt', { conversion: 'Fully Decrypted', percentage: '0.0%', method: 'None', protection: 'Protection Off' }],
    ['manage-bde.de.protection-on.txt', {}],
    ['manage-bde.en.access-denied.txt', {}],
  ])('%s', (name, expected) => {
    expect(parseManageBdeText(text(name))).toEqual(expected);
  });
});

describe('systemVolume', () => {
  it.each([
    [
      'protected, with Get-BitLockerVolume',
      true,
      'manage-bde.en.protection-on.txt',
      'bitlockervolume.on.json',
      {
        mount: 'C:',
        encrypted: true,
        method: 'BitLocker XTS-AES 128',
        isSystem: true,
        detail: 'Protection On; FullyEncrypted 100%; key protectors: Tpm, RecoveryPassword',
      },
    ],
    [
      'not protected, with Get-BitLockerVolume',
      false,
      'manage-bde.en.protection-off.txt',
      'bitlockervolume.off.json',
      { mount: 'C:', encrypted: false, isSystem: true, detail: 'Protection Off; FullyDecrypted 0%' },
    ],
    [
      'encrypted but the key is in the clear: not protected',
      false,
      'manage-bde.en.device-encryption-waiting.txt',
      'bitlockervolume.device-encryption-waiting.json',
      { mount: 'C:', encrypted: false, method: 'BitLocker XTS-AES 128', isSystem: true, detail: 'Protection Off; FullyEncrypted 100%' },
    ],
    [
      'protected, English text only',
      true,
      'manage-bde.en.protection-on.txt',
      null,
      { mount: 'C:', encrypted: true, method: 'BitLocker XTS-AES 128', isSystem: true, detail: 'Protection On; Fully Encrypted 100.0%' },
    ],
    [
      'protected, German text only: the exit code speaks',
      true,
      'manage-bde.de.protection-on.txt',
      null,
      { mount: 'C:', encrypted: true, isSystem: true, detail: 'manage-bde exit code 0 (protected)' },
    ],
  ])('%s', (_, isProtected, bde, blvName, expected) => {
    const v = systemVolume(isProtected, text(bde), blvName ? blv(blvName) : null);
    expect(v).toEqual(expected);
    expect(EncryptionFacts.safeParse({ status: 'ok', volumes: [v] }).success).toBe(true);
  });

  it('Get-BitLockerVolume error document', () => {
    expect(parseBitLockerVolumes(doc('bitlockervolume.access-denied.json'))).toEqual({ error: 'Access denied (0x80041003)' });
  });
});
