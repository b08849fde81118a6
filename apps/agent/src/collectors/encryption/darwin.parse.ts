/** Pure parser for `fdesetup status` (FileVault). */
import type { Volume } from '@safefleet/protocol';
import { clip } from '../types.js';

export interface FileVaultState {
  /** true = on and complete; false = off, turning off, or waiting for a restart/sign-in; null = cannot tell. */
  encrypted: boolean | null;
  /** A short plain description, e.g. "FileVault is on; encryption in progress (42%)". */
  summary: string;
}

const percent = (text: string) => /Percent complete(?:d)?\s*=\s*([\d.]+)/i.exec(text)?.[1];

/**
 * `fdesetup status`. Seen wordings:
 * - "FileVault is On." / "FileVault is Off."
 * - "FileVault is On.\nEncryption in progress: Percent completed = 42" (or "…: Pending" on battery)
 * - "Decryption in progress: Percent completed = 80" (FileVault being switched off)
 * - "FileVault is Off, but will be enabled after the next restart."
 * - "Deferred enablement appears to be active for user 'alice'." (on at that person's next sign-in)
 * Encryption still in progress is null: the disk is only partly protected until it finishes.
 * A leading "FileVault master keychain appears to be installed." line is ignored.
 */
export function parseFdesetupStatus(text: string): FileVaultState {
  const on = /FileVault is On\b/i.test(text);
  const off = /FileVault is Off\b/i.test(text);
  if (/Decryption in progress/i.test(text)) {
    const p = percent(text);
    return { encrypted: false, summary: `FileVault is being turned off; decryption in progress${p ? ` (${p}%)` : ''}` };
  }
  if (/Encryption in progress/i.test(text)) {
    const p = percent(text);
    const pending = /Encryption in progress:\s*Pending/i.test(text);
    return {
      encrypted: null,
      summary: `FileVault is on; encryption in progress${p ? ` (${p}%)` : pending ? ' (pending: waiting for mains power)' : ''}`,
    };
  }
  if (/will be enabled after the next restart/i.test(text)) {
    return { encrypted: false, summary: 'FileVault is off; it will be turned on at the next restart' };
  }
  const deferred = /Deferred enablement appears to be active for user ['"]?([^'".\n]+)['"]?/i.exec(text);
  if (deferred && !on) {
    return { encrypted: false, summary: `FileVault is off; it will be turned on when ${deferred[1]} next signs in` };
  }
  if (on) return { encrypted: true, summary: 'FileVault is on' };
  if (off) return { encrypted: false, summary: 'FileVault is off' };
  return { encrypted: null, summary: 'fdesetup gave an answer Safefleet could not read' };
}

/** The macOS system (data) volume as the encryption group reports it. */
export function fileVaultVolume(stdout: string): Volume {
  const state = parseFdesetupStatus(stdout);
  const raw = stdout
    .trim()
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ');
  return {
    mount: '/',
    isSystem: true,
    encrypted: state.encrypted,
    method: 'FileVault',
    detail: clip(raw ? `${state.summary} (${raw})` : state.summary),
  };
}
