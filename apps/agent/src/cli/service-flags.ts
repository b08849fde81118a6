import { SERVICE_PLATFORMS, type ServicePlatform } from '../service/layout.js';
import { stringFlag, UsageError, type FlagSpec, type ParsedArgs } from './args.js';
import type { CliIo } from './command.js';

export const PREFIX_FLAG: FlagSpec = {
  name: 'prefix',
  value: 'DIR',
  description: 'Write the files under DIR instead of installing (nothing is started); default: this machine',
};
export const PLATFORM_FLAG: FlagSpec = {
  name: 'platform',
  value: 'OS',
  description: "linux, darwin or win32 (default: this machine's); another OS needs --prefix",
};

export interface ServiceTarget {
  platform: ServicePlatform;
  prefix: string | undefined;
  real: boolean;
}

export function serviceTarget(args: ParsedArgs): ServiceTarget {
  const here: ServicePlatform = process.platform === 'darwin' || process.platform === 'win32' ? process.platform : 'linux';
  const p = stringFlag(args, 'platform') ?? here;
  if (!SERVICE_PLATFORMS.includes(p as ServicePlatform)) throw new UsageError(`--platform must be one of ${SERVICE_PLATFORMS.join(', ')}`);
  const platform = p as ServicePlatform;
  const prefix = stringFlag(args, 'prefix');
  const real = prefix === undefined || prefix === '/' || prefix === '\\';
  if (real && platform !== here) throw new UsageError(`this is a ${here} machine: files for ${platform} can only be written with --prefix DIR`);
  return { platform, prefix: real ? undefined : prefix, real };
}

/** A real install changes the system: root on Linux and macOS (Windows: the commands fail without elevation). */
export function requireAdmin(target: ServiceTarget, io: CliIo, what: string): boolean {
  if (!target.real || target.platform === 'win32' || process.getuid?.() === 0) return true;
  io.err(`${what} changes the system: run it as root (sudo safefleet-agent ${what} …), or write the files elsewhere with --prefix DIR\n`);
  return false;
}

export function showCommand(c: string[]): string {
  return c.map((a) => (/^[\w@%+=:,./\\-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`)).join(' ');
}
