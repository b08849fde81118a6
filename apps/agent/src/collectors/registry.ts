/**
 * The one table of which collector runs on which OS. A platform without a collector says so
 * explicitly (`unsupported`), and a test checks every fact group × platform is covered.
 */
import type { FactGroup } from '@safefleet/protocol';
import type { HostPlatform } from '../exec/index.js';
import * as accounts from './accounts/index.js';
import * as antivirus from './antivirus/index.js';
import * as apps from './apps/index.js';
import * as encryption from './encryption/index.js';
import * as os from './os/index.js';
import * as screenLock from './screen-lock/index.js';
import type { NotAvailable, PlatformTable, RegistryEntry } from './types.js';
import * as updates from './updates/index.js';

const macOS: NotAvailable = { unsupported: 'macOS collector not available in this agent version' };
const windows: NotAvailable = { unsupported: 'Windows collector not available in this agent version' };

export const REGISTRY: { [G in FactGroup]: PlatformTable<G> } = {
  os:         { linux: os.linux,         darwin: macOS, win32: windows },
  antivirus:  { linux: antivirus.linux,  darwin: macOS, win32: windows },
  updates:    { linux: updates.linux,    darwin: macOS, win32: windows },
  accounts:   { linux: accounts.linux,   darwin: macOS, win32: windows },
  apps:       { linux: apps.linux,       darwin: macOS, win32: windows },
  encryption: { linux: encryption.linux, darwin: macOS, win32: windows },
  screenLock: { linux: screenLock.linux, darwin: macOS, win32: windows },
};

export const PLATFORMS: readonly HostPlatform[] = ['linux', 'darwin', 'win32'];

export function registryEntry<G extends FactGroup>(group: G, platform: HostPlatform): RegistryEntry<G> {
  return REGISTRY[group][platform];
}

export function isNotAvailable<G extends FactGroup>(e: RegistryEntry<G>): e is NotAvailable {
  return typeof e === 'object' && e !== null && 'unsupported' in e;
}
