/** Pure parsers for macOS version facts: sw_vers, uname, ioreg. */
import type { GroupInput } from '../types.js';
import { clip } from '../types.js';

export interface SwVers {
  productName: string;
  productVersion: string;
  /** Rapid Security Response suffix, e.g. "(a)"; '' when none is applied. */
  productVersionExtra: string;
  buildVersion: string;
}

/**
 * `sw_vers`: `Key:<tabs>value` lines (ProductName, ProductVersion, ProductVersionExtra only when
 * a Rapid Security Response is applied, BuildVersion). Null when the version line is missing.
 */
export function parseSwVers(stdout: string): SwVers | null {
  const values: Record<string, string> = {};
  for (const line of stdout.split('\n')) {
    const m = /^\s*([A-Za-z]+):\s*(.*?)\s*$/.exec(line);
    if (m?.[1]) values[m[1]] = m[2] ?? '';
  }
  const productVersion = values.ProductVersion ?? '';
  if (!/^\d+(\.\d+)*$/.test(productVersion)) return null;
  return {
    productName: values.ProductName ?? '',
    productVersion,
    productVersionExtra: values.ProductVersionExtra ?? '',
    buildVersion: values.BuildVersion ?? '',
  };
}

/** `"IOPlatformSerialNumber" = "C02ABC123DEF"` from `ioreg -rd1 -c IOPlatformExpertDevice`. */
export function parseIoregSerial(stdout: string): string | null {
  const m = /"IOPlatformSerialNumber"\s*=\s*"([^"]*)"/.exec(stdout);
  const serial = m?.[1]?.trim();
  return serial ? serial : null;
}

export interface DarwinOsInput {
  swVers: string;
  /** `uname -m`, `uname -r`, `hostname`, `ioreg …`: null when the command failed. */
  arch: string | null;
  kernel: string | null;
  hostname: string | null;
  ioreg: string | null;
}

/**
 * The os group on macOS. release = ProductVersion plus the RSR suffix ("14.4.1 (a)"), so a
 * device running a Rapid Security Response says so; build = BuildVersion (which also changes
 * with an RSR).
 */
export function buildOsFacts(input: DarwinOsInput): GroupInput<'os'> {
  const sw = parseSwVers(input.swVers);
  if (!sw) {
    return { status: 'error', platform: 'darwin', error: 'sw_vers did not report a macOS version' };
  }
  const firstLine = (s: string | null) => (s ?? '').split('\n')[0]?.trim() ?? '';
  const facts: GroupInput<'os'> = {
    status: 'ok',
    platform: 'darwin',
    distro: clip(sw.productName || 'macOS'),
    release: clip(sw.productVersionExtra ? `${sw.productVersion} ${sw.productVersionExtra}` : sw.productVersion),
    build: clip(sw.buildVersion),
    kernel: clip(firstLine(input.kernel)),
    arch: clip(firstLine(input.arch)),
    hostname: clip(firstLine(input.hostname)),
  };
  const serial = input.ioreg ? parseIoregSerial(input.ioreg) : null;
  if (serial) facts.serial = clip(serial);
  return facts;
}
