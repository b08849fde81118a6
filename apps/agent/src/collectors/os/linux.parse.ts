import type { OsInfoData } from '../../exec/capture-os-info.js';
import type { GroupInput } from '../types.js';
import { clip } from '../types.js';

/** The fields of systeminformation's osInfo() that we use (captured and replayed as OsInfoData). */
export type OsInfoLike = Pick<OsInfoData, 'distro' | 'release' | 'codename' | 'build' | 'kernel' | 'arch' | 'hostname' | 'serial'>;

/**
 * systeminformation osInfo() (+ /etc/debian_version) → the os fact group.
 * Debian's point release ("12.11") lives only in /etc/debian_version, so it becomes the build;
 * Ubuntu's copy of that file holds a codename like "bookworm/sid" and is ignored.
 */
export function parseOsInfo(info: OsInfoLike, debianVersion: string | null): GroupInput<'os'> {
  const point = parseDebianVersion(info.distro, debianVersion);
  const facts: GroupInput<'os'> = {
    status: 'ok',
    platform: 'linux',
    distro: clip(info.distro.trim()),
    release: clip(info.release.trim()),
    build: clip(info.build.trim() || point || info.codename.trim()),
    kernel: clip(info.kernel.trim()),
    arch: clip(info.arch.trim()),
    hostname: clip(info.hostname.trim()),
  };
  const serial = info.serial.trim();
  if (serial && serial !== '-') facts.serial = clip(serial);
  return facts;
}

/** "12.11\n" → "12.11" on Debian; null for codenames ("trixie/sid") or other distros. */
export function parseDebianVersion(distro: string, text: string | null): string | null {
  if (!text || !/debian/i.test(distro)) return null;
  const v = text.trim();
  return /^\d+(\.\d+)*$/.test(v) ? v : null;
}
