/** macOS: a launchd daemon (runs as root at boot, restarted by launchd if it exits). */
import { posix } from 'node:path';
import { LAUNCHD_LABEL, type Programs, type ServiceLayout } from './layout.js';
import { xmlEscape } from './xml.js';
import { agentLaunchArgs } from '../runtime.js';

export const LAUNCHD_TARGET = `system/${LAUNCHD_LABEL}`;

type Plist = string | number | boolean | Plist[] | { [key: string]: Plist };

function plistValue(v: Plist, indent: string): string {
  if (typeof v === 'string') return `${indent}<string>${xmlEscape(v)}</string>`;
  if (typeof v === 'boolean') return `${indent}<${v}/>`;
  if (typeof v === 'number') return `${indent}<integer>${Math.trunc(v)}</integer>`;
  const inner = `${indent}\t`;
  if (Array.isArray(v)) return `${indent}<array>\n${v.map((x) => plistValue(x, inner)).join('\n')}\n${indent}</array>`;
  const body = Object.entries(v).map(([k, x]) => `${inner}<key>${xmlEscape(k)}</key>\n${plistValue(x, inner)}`);
  return `${indent}<dict>\n${body.join('\n')}\n${indent}</dict>`;
}

export function launchdPlist(layout: ServiceLayout, programs: Programs): string {
  const log = posix.join(layout.logDir ?? '/Library/Logs/Safefleet', 'agent.log');
  const dict: Plist = {
    Label: LAUNCHD_LABEL,
    ProgramArguments: [...agentLaunchArgs(programs), 'run', '--state', layout.stateDir],
    RunAtLoad: true,
    KeepAlive: true,
    // At most one restart a minute if it keeps failing.
    ThrottleInterval: 60,
    WorkingDirectory: layout.stateDir,
    StandardOutPath: log,
    StandardErrorPath: log,
    // Background: launchd applies low CPU and I/O priority.
    ProcessType: 'Background',
    // 0077: files the agent creates are readable by root only.
    Umask: 0o077,
  };
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
${plistValue(dict, '')}
</plist>
`;
}

/** On a real install, after writing the plist (bootout first so a reinstall reloads it; its failure is ignored). */
export const darwinEnable = (plistPath: string): string[][] => [
  ['launchctl', 'enable', LAUNCHD_TARGET],
  ['launchctl', 'bootstrap', 'system', plistPath],
];
export const DARWIN_DISABLE: string[][] = [['launchctl', 'bootout', LAUNCHD_TARGET]];
