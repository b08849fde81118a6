import type { Volume } from '@safefleet/protocol';
import type { CommandResult } from '../../exec/host.js';
import { asArray, asRecord } from '../../exec/powershell.js';
import { clip } from '../types.js';

// ---------------------------------------------------------------------------------------------
// manage-bde -status C: -protectionaserrorlevel
// ---------------------------------------------------------------------------------------------

/** E_ACCESSDENIED as Windows may hand it back: unsigned DWORD or signed int. */
const ACCESS_DENIED_CODES = new Set([0x80070005, 0x80070005 - 0x1_0000_0000]);

export type ManageBdeVerdict = { protected: boolean } | { error: string; needsAdmin: boolean };

/**
 * The exit code is the truth (0 = protected, 1 = not protected): it is the same in every language.
 * The text is only read for English detail and to recognise "run as administrator".
 */
export function manageBdeVerdict(r: CommandResult): ManageBdeVerdict {
  if (r.error) return { error: `manage-bde could not be started: ${r.error}`, needsAdmin: false };
  if (r.timedOut) return { error: 'manage-bde took too long and was stopped', needsAdmin: false };
  if (r.exitCode === 0) return { protected: true };
  if (r.exitCode === 1) return { protected: false };
  const all = `${r.stdout}\n${r.stderr}`;
  const needsAdmin = (r.exitCode !== null && ACCESS_DENIED_CODES.has(r.exitCode)) || /access.*denied|administrative rights/i.test(all);
  if (needsAdmin) {
    return { error: 'Safefleet needs to run as an administrator (or SYSTEM) to read the BitLocker status of drive C:', needsAdmin };
  }
  const line =
    all
      .split(/\r?\n/)
      .map((l) => l.trim())
      .find((l) => /^(ERROR|FEHLER|ERREUR|ERRORE)\b/i.test(l)) ?? '';
  return { error: `manage-bde exited with code ${r.exitCode ?? 'none'}${line ? `: ${line.slice(0, 300)}` : ''}`, needsAdmin: false };
}

export interface ManageBdeText {
  conversion?: string;
  percentage?: string;
  method?: string;
  protection?: string;
}

/** English labels only (other languages: {}): "    Protection Status:    Protection On". */
export function parseManageBdeText(text: string): ManageBdeText {
  const out: ManageBdeText = {};
  const labels: Record<string, keyof ManageBdeText> = {
    'conversion status': 'conversion',
    'percentage encrypted': 'percentage',
    'encryption method': 'method',
    'protection status': 'protection',
  };
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([A-Za-z ]+):\s+(.+?)\s*$/.exec(line);
    const key = m ? labels[(m[1] ?? '').trim().toLowerCase()] : undefined;
    if (key && m?.[2]) out[key] = m[2];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Get-BitLockerVolume (enums as strings)
// ---------------------------------------------------------------------------------------------

export interface BitLockerVolume {
  mountPoint: string;
  volumeStatus: string;
  protectionStatus: string;
  encryptionMethod: string;
  percentage: number | null;
  keyProtectors: string[];
}

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/** BITLOCKER_SCRIPT output → volumes, or the error it printed. */
export function parseBitLockerVolumes(doc: unknown): { volumes: BitLockerVolume[] } | { error: string } {
  const err = asRecord(doc);
  if (err && typeof err.error === 'string') return { error: err.error };
  return {
    volumes: asArray(doc).flatMap((item) => {
      const v = asRecord(item);
      if (!v || !str(v.MountPoint)) return [];
      return [
        {
          mountPoint: str(v.MountPoint),
          volumeStatus: str(v.VolumeStatus),
          protectionStatus: str(v.ProtectionStatus),
          encryptionMethod: str(v.EncryptionMethod),
          percentage: typeof v.EncryptionPercentage === 'number' ? v.EncryptionPercentage : null,
          keyProtectors: asArray(v.KeyProtector).map(str).filter(Boolean),
        },
      ];
    }),
  };
}

const METHODS: Record<string, string> = {
  XtsAes128: 'XTS-AES 128',
  XtsAes256: 'XTS-AES 256',
  Aes128: 'AES 128',
  Aes256: 'AES 256',
  Aes128Diffuser: 'AES 128 with Diffuser',
  Aes256Diffuser: 'AES 256 with Diffuser',
  Hardware: 'hardware encryption',
};

/** Put together: the verdict from manage-bde, method and wording from Get-BitLockerVolume or English text. */
export function systemVolume(isProtected: boolean, bdeText: string, blv: BitLockerVolume | null): Volume {
  const t = parseManageBdeText(bdeText);
  const methodName = blv ? METHODS[blv.encryptionMethod] : t.method && !/^none$/i.test(t.method) ? t.method : undefined;
  const parts: string[] = [];
  if (blv) {
    parts.push(
      `Protection ${blv.protectionStatus || 'unknown'}`,
      `${blv.volumeStatus || 'unknown'}${blv.percentage !== null ? ` ${blv.percentage}%` : ''}`,
    );
    if (blv.keyProtectors.length > 0) parts.push(`key protectors: ${blv.keyProtectors.join(', ')}`);
  } else if (t.protection) {
    parts.push(t.protection, `${t.conversion ?? ''}${t.percentage ? ` ${t.percentage}` : ''}`.trim());
  } else {
    parts.push(`manage-bde exit code ${isProtected ? '0 (protected)' : '1 (not protected)'}`);
  }
  return {
    mount: 'C:',
    encrypted: isProtected,
    ...(methodName ? { method: clip(`BitLocker ${methodName}`) } : {}),
    isSystem: true,
    detail: clip(parts.filter(Boolean).join('; ')),
  };
}
