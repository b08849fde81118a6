import { asRecord } from '../../exec/powershell.js';
import { clip, type GroupInput } from '../types.js';

/** Node's names for Windows' PROCESSOR_ARCHITECTURE values. */
const ARCH: Record<string, string> = { AMD64: 'x64', ARM64: 'arm64', X86: 'ia32', IA64: 'ia64' };
/** Placeholders firmware puts where a serial number should be. */
const NO_SERIAL = /^(|0|none|default string|to be filled by o\.e\.m\.|system serial number|not applicable|n\/a)$/i;

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

/**
 * Windows 11 still says "Windows 10 …" in ProductName; build 22000 and later is Windows 11
 * (field guide §2(b)). Server names are left alone.
 */
export function windowsProductName(productName: string, build: number | null): string {
  if (build !== null && build >= 22000 && /^Windows 10\b/.test(productName)) return productName.replace(/^Windows 10\b/, 'Windows 11');
  return productName;
}

/**
 * The OS_SCRIPT document (registry CurrentVersion + machine PROCESSOR_ARCHITECTURE + BIOS serial)
 * → the os group. build = CurrentBuild.UBR, e.g. "22631.3880"; release = DisplayVersion ("23H2"),
 * else ReleaseId on Windows 10 before 20H2.
 */
export function parseOsWin32(doc: unknown): GroupInput<'os'> {
  const o = asRecord(doc) ?? {};
  const currentBuild = text(o.CurrentBuild) || text(o.CurrentBuildNumber);
  const buildNumber = /^\d+$/.test(currentBuild) ? Number(currentBuild) : null;
  const ubr = text(o.UBR);
  const major = text(o.CurrentMajorVersionNumber) || '10';
  const minor = text(o.CurrentMinorVersionNumber) || '0';
  const arch = text(o.Arch).toUpperCase();
  const facts: GroupInput<'os'> = {
    status: 'ok',
    platform: 'win32',
    distro: clip(windowsProductName(text(o.ProductName) || 'Windows', buildNumber)),
    release: clip(text(o.DisplayVersion) || text(o.ReleaseId)),
    build: clip(currentBuild && ubr ? `${currentBuild}.${ubr}` : currentBuild),
    kernel: clip(currentBuild ? `${major}.${minor}.${currentBuild}` : ''),
    arch: clip(ARCH[arch] ?? arch.toLowerCase()),
    hostname: clip(text(o.Hostname)),
  };
  const serial = text(o.Serial);
  if (!NO_SERIAL.test(serial)) facts.serial = clip(serial);
  return facts;
}
