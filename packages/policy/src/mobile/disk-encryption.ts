import type { Finding } from '@safefleet/protocol';
import { finding, groupProblem } from '../controls/finding.js';
import type { ControlInput } from '../types.js';
import { passcodeOf } from './screen-lock.js';
import { isApple, osName, reporter } from './words.js';

/**
 * disk-encryption for tablets and phones: the storage is reported encrypted. On iPadOS and iOS a
 * passcode turns on Data Protection, so "passcode set" counts, with that reason.
 */
export function checkMobileEncryption(input: ControlInput): Finding {
  const { facts, device } = input;
  const who = reporter(device);
  const name = osName(facts.os.platform);
  const problem = groupProblem(facts.encryption, 'encryption on this device');
  if (problem) return finding('disk-encryption', input, 'unknown', problem);
  const volumes = facts.encryption.volumes.filter((v) => v.isSystem);
  const encrypted =
    volumes.length === 0 ? null : volumes.some((v) => v.encrypted === false) ? false : volumes.every((v) => v.encrypted === true) ? true : null;
  const passcode = passcodeOf(input);
  const details = { encrypted, passcode };
  if (encrypted === true) return finding('disk-encryption', input, 'pass', `${who} reports the device’s storage is encrypted.`, { details });
  if (encrypted === false) {
    return finding('disk-encryption', input, 'fail', `${who} reports the device’s storage is not encrypted.`, {
      details,
      resolution: isApple(facts.os.platform)
        ? 'Set a passcode (Settings > Face ID & Passcode): iPadOS and iOS encrypt the storage once a passcode is set. If you are not sure how, ask your IT lead.'
        : 'Open Settings > Security > Encryption (on most tablets made since 2019 storage is encrypted once a screen lock is set). If you are not sure how, ask your IT lead.',
    });
  }
  if (isApple(facts.os.platform) && passcode === true) {
    return finding(
      'disk-encryption',
      input,
      'pass',
      `${name} encrypts the device’s storage whenever a passcode is set (Data Protection), and ${who === 'The keeper' ? 'the keeper confirmed' : `${who} reports`} a passcode is set.`,
      { details: { ...details, encryptedByPasscode: true } },
    );
  }
  if (isApple(facts.os.platform) && passcode === false) {
    return finding('disk-encryption', input, 'fail', `${name} only encrypts the device’s storage when a passcode is set, and no passcode is set.`, {
      details,
    });
  }
  return finding('disk-encryption', input, 'unknown', `${who} did not say whether the device’s storage is encrypted.`, { details });
}
