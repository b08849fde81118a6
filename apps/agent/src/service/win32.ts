/**
 * Windows: a Task Scheduler task that starts the agent as SYSTEM at boot.
 *
 * Not a Service Control Manager service: node.exe does not speak the SCM protocol
 * (StartServiceCtrlDispatcher), so `sc.exe create … binPath= node.exe …` would be killed after
 * 30 seconds with error 1053 unless a wrapper (WinSW, NSSM) sits in between. A boot task needs no
 * wrapper: it runs as SYSTEM with no time limit, is retried every 5 minutes while not running
 * (a crash is picked up within 5 minutes; IgnoreNew keeps it to one copy), and its output is
 * appended to %ProgramData%\Safefleet\logs\agent.log.
 */
import { win32 } from 'node:path';
import { WINDOWS_TASK, type Programs, type ServiceLayout } from './layout.js';
import { xmlEscape } from './xml.js';
import { agentLaunchArgs } from '../runtime.js';

const SYSTEM_SID = 'S-1-5-18';
const ADMINISTRATORS_SID = 'S-1-5-32-544';

/** The task's action: cmd.exe runs node and appends its output to the log. */
export function taskAction(layout: ServiceLayout, programs: Programs, env: NodeJS.ProcessEnv = {}): { command: string; arguments: string } {
  const log = win32.join(layout.logDir ?? win32.join(layout.stateDir, 'logs'), 'agent.log');
  const q = (s: string) => `"${s}"`;
  return {
    command: win32.join(env.SystemRoot ?? 'C:\\Windows', 'System32', 'cmd.exe'),
    // /s: strip the outer quotes and run the rest as written.
    arguments: `/d /s /c "${agentLaunchArgs(programs)
      .map((a, i) => (i === 0 || /[\s"&|<>^]/.test(a) ? q(a) : a))
      .join(' ')} run --state ${q(layout.stateDir)} >> ${q(log)} 2>&1"`,
  };
}

export function taskXml(layout: ServiceLayout, programs: Programs, env: NodeJS.ProcessEnv = {}): string {
  const action = taskAction(layout, programs, env);
  return `<?xml version="1.0" encoding="UTF-16"?>
<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
  <RegistrationInfo>
    <Author>Safefleet</Author>
    <Description>Safefleet device agent: collects safety facts and reports them to the Safefleet console.</Description>
    <URI>${xmlEscape(WINDOWS_TASK)}</URI>
  </RegistrationInfo>
  <Triggers>
    <BootTrigger>
      <Enabled>true</Enabled>
      <Repetition>
        <Interval>PT5M</Interval>
        <StopAtDurationEnd>false</StopAtDurationEnd>
      </Repetition>
    </BootTrigger>
  </Triggers>
  <Principals>
    <Principal id="System">
      <UserId>${SYSTEM_SID}</UserId>
      <RunLevel>HighestAvailable</RunLevel>
    </Principal>
  </Principals>
  <Settings>
    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>
    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>
    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>
    <AllowHardTerminate>true</AllowHardTerminate>
    <StartWhenAvailable>true</StartWhenAvailable>
    <RunOnlyIfNetworkAvailable>false</RunOnlyIfNetworkAvailable>
    <IdleSettings>
      <StopOnIdleEnd>false</StopOnIdleEnd>
      <RestartOnIdle>false</RestartOnIdle>
    </IdleSettings>
    <AllowStartOnDemand>true</AllowStartOnDemand>
    <Enabled>true</Enabled>
    <Hidden>false</Hidden>
    <RunOnlyIfIdle>false</RunOnlyIfIdle>
    <WakeToRun>false</WakeToRun>
    <ExecutionTimeLimit>PT0S</ExecutionTimeLimit>
    <Priority>7</Priority>
    <RestartOnFailure>
      <Interval>PT1M</Interval>
      <Count>999</Count>
    </RestartOnFailure>
  </Settings>
  <Actions Context="System">
    <Exec>
      <Command>${xmlEscape(action.command)}</Command>
      <Arguments>${xmlEscape(action.arguments)}</Arguments>
      <WorkingDirectory>${xmlEscape(layout.stateDir)}</WorkingDirectory>
    </Exec>
  </Actions>
</Task>
`;
}

/** schtasks /XML reads UTF-16 (little-endian, with a byte-order mark), like an exported task. */
export function utf16le(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.replace(/\n/g, '\r\n'), 'utf16le')]);
}

/** Only SYSTEM and Administrators may touch this folder (SIDs, so it works on every Windows language). */
export function restrictToAdmins(dir: string): string[] {
  return ['icacls.exe', dir, '/inheritance:r', '/grant:r', `*${SYSTEM_SID}:(OI)(CI)F`, `*${ADMINISTRATORS_SID}:(OI)(CI)F`];
}

/** Install, in order. The icacls grant uses SIDs, so it works on every Windows language. */
export function windowsInstallCommands(layout: ServiceLayout): string[][] {
  return [
    restrictToAdmins(layout.stateDir),
    ['schtasks.exe', '/Create', '/TN', WINDOWS_TASK, '/XML', layout.definition, '/F'],
    ['schtasks.exe', '/Run', '/TN', WINDOWS_TASK],
  ];
}

/** Uninstall: stop the running agent (may fail: not running), then delete the task. */
export const WINDOWS_STOP: string[][] = [['schtasks.exe', '/End', '/TN', WINDOWS_TASK]];
export const WINDOWS_DELETE: string[][] = [['schtasks.exe', '/Delete', '/TN', WINDOWS_TASK, '/F']];

/** A command as a person would type it in cmd.exe. */
export function cmdLine(args: string[]): string {
  return args.map((a) => (/[\s"]/.test(a) ? `"${a.replace(/"/g, '""')}"` : a)).join(' ');
}

const ps = (s: string) => `'${s.replace(/'/g, "''")}'`;
const psStep = ([file, ...args]: string[], mayFail = false) => `Invoke-Step ${ps(file!)} @(${args.map(ps).join(', ')})${mayFail ? ' -MayFail' : ''}`;

const PS_HEADER = `#Requires -RunAsAdministrator
$ErrorActionPreference = 'Stop'
function Invoke-Step([string]$File, [string[]]$Arguments, [switch]$MayFail) {
  & $File @Arguments
  if ($LASTEXITCODE -ne 0 -and -not $MayFail) { throw "$File failed with exit code $LASTEXITCODE" }
}`;

/** install-service.ps1: what 'safefleet-agent install' does on Windows after enrolling, to run by hand. */
export function installScript(layout: ServiceLayout): string {
  const logDir = layout.logDir ?? win32.join(layout.stateDir, 'logs');
  return `# Safefleet agent: create the boot task (run in an elevated PowerShell).
# Written by 'safefleet-agent install'. The device must already be enrolled.
${PS_HEADER}
New-Item -ItemType Directory -Force -Path ${ps(logDir)} | Out-Null
${windowsInstallCommands(layout)
  .map((c) => psStep(c))
  .join('\n')}
`;
}

export function uninstallScript(layout: ServiceLayout): string {
  return `# Safefleet agent: remove the boot task (run in an elevated PowerShell).
# The state folder ${layout.stateDir} is kept; delete it to forget this device's enrolment.
${PS_HEADER}
${WINDOWS_STOP.map((c) => psStep(c, true)).join('\n')}
${WINDOWS_DELETE.map((c) => psStep(c)).join('\n')}
`;
}
