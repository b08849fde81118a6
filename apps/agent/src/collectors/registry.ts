/**
 * The one table of which collector runs on which OS. A platform without a collector says so
 * explicitly (`unsupported`), and a test checks every fact group × platform is covered.
 */
import { COMPUTER_PLATFORMS, type FactGroup } from '@safefleet/protocol';
import type { HostPlatform } from '../exec/index.js';
import * as accounts from './accounts/index.js';
import * as antivirus from './antivirus/index.js';
import * as apps from './apps/index.js';
import * as encryption from './encryption/index.js';
import * as os from './os/index.js';
import * as screenLock from './screen-lock/index.js';
import * as updates from './updates/index.js';
import type { NotAvailable, PlatformTable, RegistryEntry } from './types.js';

export const REGISTRY: { [G in FactGroup]: PlatformTable<G> } = {
  os: { linux: os.linux, darwin: os.darwin, win32: os.win32 },
  antivirus: { linux: antivirus.linux, darwin: antivirus.darwin, win32: antivirus.win32 },
  updates: { linux: updates.linux, darwin: updates.darwin, win32: updates.win32 },
  accounts: { linux: accounts.linux, darwin: accounts.darwin, win32: accounts.win32 },
  apps: { linux: apps.linux, darwin: apps.darwin, win32: apps.win32 },
  encryption: { linux: encryption.linux, darwin: encryption.darwin, win32: encryption.win32 },
  screenLock: { linux: screenLock.linux, darwin: screenLock.darwin, win32: screenLock.win32 },
};

export const PLATFORMS: readonly HostPlatform[] = COMPUTER_PLATFORMS;

export function isNotAvailable<G extends FactGroup>(e: RegistryEntry<G>): e is NotAvailable {
  return typeof e === 'object' && e !== null && 'unsupported' in e;
}
