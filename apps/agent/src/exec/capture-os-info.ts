import type { Host } from './host.js';

/**
 * What systeminformation's osInfo() returns (the subset the collectors may read, plus whatever
 * else it gives). The os collectors call systeminformation directly, outside the Host; a capture
 * or replay Host adds an `osInfo()` method so that call is recorded and replayed too.
 */
export interface OsInfoData {
  platform?: string;
  distro: string;
  release: string;
  codename: string;
  build: string;
  kernel: string;
  arch: string;
  hostname: string;
  serial: string;
  [key: string]: unknown;
}

export interface OsInfoSource {
  osInfo(): Promise<OsInfoData>;
}

/** The host's own osInfo() when it has one (capture and replay hosts), else undefined. */
export function hostOsInfo(host: Host): (() => Promise<OsInfoData>) | undefined {
  const fn = (host as Partial<OsInfoSource>).osInfo;
  return typeof fn === 'function' ? () => fn.call(host) : undefined;
}
