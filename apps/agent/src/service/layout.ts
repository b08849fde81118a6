/**
 * Where the background service lives on each OS, as machine paths, and how those map into a
 * --prefix folder (so the files can be generated and inspected without installing anything).
 */
import { existsSync } from 'node:fs';
import { join, posix, win32 } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMPUTER_PLATFORMS, type ComputerPlatform } from '@safefleet/protocol';
import { isSingleFile } from '../runtime.js';

export type ServicePlatform = ComputerPlatform;
export const SERVICE_PLATFORMS: readonly ServicePlatform[] = COMPUTER_PLATFORMS;

export const SERVICE_NAME = 'safefleet-agent';
export const LAUNCHD_LABEL = 'org.safefleet.agent';
/** Task Scheduler path of the Windows task. */
export const WINDOWS_TASK = '\\Safefleet\\Agent';

export interface ServiceLayout {
  platform: ServicePlatform;
  /** The agent's state (enrolment, outbox), readable only by root / SYSTEM + Administrators. */
  stateDir: string;
  /** Where logs go; null where the system journal takes them (Linux). */
  logDir: string | null;
  /** The service definition (unit, plist or task XML). */
  definition: string;
  /** Windows only: the folder holding the install/uninstall scripts and the task XML. */
  scriptDir: string | null;
  /** Where `install` puts the single-file program: a folder only administrators can write. */
  programDir: string;
  program: string;
}

export function serviceLayout(platform: ServicePlatform, env: NodeJS.ProcessEnv = process.env): ServiceLayout {
  if (platform === 'linux') {
    return {
      platform,
      stateDir: '/var/lib/safefleet-agent',
      logDir: null,
      definition: '/etc/systemd/system/safefleet-agent.service',
      scriptDir: null,
      programDir: '/opt/safefleet-agent',
      program: '/opt/safefleet-agent/safefleet-agent',
    };
  }
  if (platform === 'darwin') {
    return {
      platform,
      stateDir: '/Library/Application Support/Safefleet',
      logDir: '/Library/Logs/Safefleet',
      definition: `/Library/LaunchDaemons/${LAUNCHD_LABEL}.plist`,
      scriptDir: null,
      programDir: '/Library/Application Support/Safefleet/bin',
      program: '/Library/Application Support/Safefleet/bin/safefleet-agent',
    };
  }
  const programData = env.ProgramData ?? env.PROGRAMDATA ?? 'C:\\ProgramData';
  const stateDir = win32.join(programData, 'Safefleet');
  const scriptDir = win32.join(stateDir, 'service');
  const programDir = win32.join(env.ProgramFiles ?? env.PROGRAMFILES ?? 'C:\\Program Files', 'Safefleet');
  return {
    platform,
    stateDir,
    logDir: win32.join(stateDir, 'logs'),
    definition: win32.join(scriptDir, 'safefleet-agent.task.xml'),
    scriptDir,
    programDir,
    program: win32.join(programDir, 'safefleet-agent.exe'),
  };
}

/** A machine path inside the prefix: "/etc/x" → "<prefix>/etc/x", "C:\\ProgramData\\S" → "<prefix>/ProgramData/S". */
export function underPrefix(prefix: string, machinePath: string): string {
  const parts = machinePath
    .replace(/^[A-Za-z]:/, '')
    .split(/[\\/]+/)
    .filter(Boolean);
  return join(prefix, ...parts);
}

/** True when the prefix is the machine itself (a real install). */
export function isRealInstall(prefix: string | undefined): boolean {
  return prefix === undefined || prefix === '/' || prefix === '\\';
}

export interface Programs {
  /** The Node.js executable, or the single-file program itself. */
  node: string;
  /** The agent's bin script (bin/safefleet-agent.js); null for a single-file program. */
  bin: string | null;
}

/**
 * Node and the agent script for the service's command line. On the platform we run on: this
 * very node and this agent. For another platform (files generated with --platform): that
 * platform's usual install locations, which the generated files then name.
 */
export function servicePrograms(platform: ServicePlatform, layout: ServiceLayout = serviceLayout(platform)): Programs {
  // A single-file program installs a copy of itself into the layout's program folder.
  if (isSingleFile()) return { node: layout.program, bin: null };
  const here = process.platform === 'darwin' || process.platform === 'win32' ? process.platform : 'linux';
  if (platform === here) {
    const bin = fileURLToPath(new URL('../../bin/safefleet-agent.js', import.meta.url));
    if (!existsSync(bin)) throw new Error(`the agent's bin script was not found at ${bin}`);
    return { node: process.execPath, bin };
  }
  if (platform === 'win32') {
    return { node: 'C:\\Program Files\\nodejs\\node.exe', bin: 'C:\\Program Files\\Safefleet\\agent\\bin\\safefleet-agent.js' };
  }
  const lib = platform === 'darwin' ? '/usr/local/lib' : '/usr/lib';
  return {
    node: platform === 'darwin' ? '/usr/local/bin/node' : '/usr/bin/node',
    bin: posix.join(lib, 'safefleet-agent', 'bin', 'safefleet-agent.js'),
  };
}
