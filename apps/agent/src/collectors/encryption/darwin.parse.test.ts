import { readFileSync } from 'node:fs';
import { Volume } from '@safefleet/protocol';
import { describe, expect, it } from 'vitest';
import { fileVaultVolume, parseFdesetupStatus } from './darwin.parse.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/darwin/${name}`, import.meta.url), 'utf8');

describe('parseFdesetupStatus', () => {
  it.each([
    ['fdesetup-status.on.txt', true, 'FileVault is on'],
    ['fdesetup-status.master-keychain-on.txt', true, 'FileVault is on'],
    ['fdesetup-status.off.txt', false, 'FileVault is off'],
    ['fdesetup-status.encrypting-42.txt', null, 'FileVault is on; encryption in progress (42%)'],
    ['fdesetup-status.encrypting-pending.txt', null, 'FileVault is on; encryption in progress (pending: waiting for mains power)'],
    ['fdesetup-status.decrypting.txt', false, 'FileVault is being turned off; decryption in progress (35.00%)'],
    ['fdesetup-status.decrypting-bare.txt', false, 'FileVault is being turned off; decryption in progress (80%)'],
    ['fdesetup-status.after-restart.txt', false, 'FileVault is off; it will be turned on at the next restart'],
    ['fdesetup-status.deferred.txt', false, 'FileVault is off; it will be turned on when alice next signs in'],
    ['fdesetup-status.garbage.stderr.txt', null, 'fdesetup gave an answer Safefleet could not read'],
  ])('%s → encrypted %s', (name, encrypted, summary) => {
    expect(parseFdesetupStatus(fixture(name))).toEqual({ encrypted, summary });
  });

  it('double-quoted deferred user, and empty output', () => {
    expect(parseFdesetupStatus('Deferred enablement appears to be active for user "david".').summary).toBe(
      'FileVault is off; it will be turned on when david next signs in',
    );
    expect(parseFdesetupStatus('').encrypted).toBeNull();
  });
});

describe('fileVaultVolume', () => {
  it('one system volume with the wording kept for audit', () => {
    const v = fileVaultVolume(fixture('fdesetup-status.encrypting-42.txt'));
    expect(v).toEqual({
      mount: '/',
      isSystem: true,
      encrypted: null,
      method: 'FileVault',
      detail: 'FileVault is on; encryption in progress (42%) (FileVault is On. Encryption in progress: Percent completed = 42)',
    });
    expect(Volume.safeParse(v).success).toBe(true);
  });
});
