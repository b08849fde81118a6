/** Pieces shared by the Windows recipes: how the collectors' commands are keyed, and powercfg text. */
import { ACCOUNTS_SCRIPT, DSREGCMD_ARGS } from '../../src/collectors/accounts/win32.js';
import { ANTIVIRUS_SCRIPT } from '../../src/collectors/antivirus/win32.js';
import { APPS_SCRIPT } from '../../src/collectors/apps/win32.js';
import { BITLOCKER_SCRIPT, MANAGE_BDE_ARGS } from '../../src/collectors/encryption/win32.js';
import { OS_SCRIPT } from '../../src/collectors/os/win32.js';
import { POWERCFG_ARGS, SCREEN_LOCK_SCRIPT } from '../../src/collectors/screen-lock/win32.js';
import { UPDATES_HISTORY_SCRIPT, UPDATES_PENDING_SCRIPT } from '../../src/collectors/updates/win32.js';
import { commandLine } from '../../src/exec/host.js';
import { powershellArgs } from '../../src/exec/powershell.js';
import type { FakeResult } from '../../src/exec/fake-host.js';

/** PowerShell prints one compressed JSON line and CRLF. */
const ps = (script: string, doc: unknown): [string, FakeResult] => [
  commandLine('powershell.exe', powershellArgs(script)),
  { stdout: `${JSON.stringify(doc)}\r\n` },
];

export interface WindowsDocs {
  os: unknown;
  antivirus: unknown;
  updatesPending: unknown;
  updatesHistory: unknown;
  accounts: unknown;
  apps: unknown;
  bitlocker: unknown;
  manageBde: FakeResult;
  screenLock: unknown;
  powercfg: { video: string; standby: string; consoleLock: string };
  /** dsregcmd /status output; a workgroup machine (not joined to Entra ID) when absent. */
  dsregcmd?: string;
}

/** dsregcmd /status on a computer joined to nothing (a workgroup laptop). */
export const DSREGCMD_WORKGROUP = [
  '',
  '+----------------------------------------------------------------------+',
  '| Device State                                                         |',
  '+----------------------------------------------------------------------+',
  '',
  '             AzureAdJoined : NO',
  '          EnterpriseJoined : NO',
  '              DomainJoined : NO',
  '',
].join('\r\n');

export function windowsCommands(d: WindowsDocs): Record<string, FakeResult> {
  return Object.fromEntries([
    ps(OS_SCRIPT, d.os),
    ps(ANTIVIRUS_SCRIPT, d.antivirus),
    ps(UPDATES_PENDING_SCRIPT, d.updatesPending),
    ps(UPDATES_HISTORY_SCRIPT, d.updatesHistory),
    ps(ACCOUNTS_SCRIPT, d.accounts),
    ps(APPS_SCRIPT, d.apps),
    ps(BITLOCKER_SCRIPT, d.bitlocker),
    ps(SCREEN_LOCK_SCRIPT, d.screenLock),
    [commandLine('manage-bde.exe', MANAGE_BDE_ARGS), d.manageBde],
    [commandLine('powercfg.exe', [...POWERCFG_ARGS.video]), { stdout: d.powercfg.video }],
    [commandLine('powercfg.exe', [...POWERCFG_ARGS.standby]), { stdout: d.powercfg.standby }],
    [commandLine('powercfg.exe', [...POWERCFG_ARGS.consoleLock]), { stdout: d.powercfg.consoleLock }],
    [commandLine('dsregcmd.exe', DSREGCMD_ARGS), { exitCode: 0, stdout: d.dsregcmd ?? DSREGCMD_WORKGROUP }],
  ]);
}

const hex = (n: number) => `0x${n.toString(16).padStart(8, '0')}`;
const powerSetting = (sub: [string, string, string], setting: [string, string, string], ac: number, dc: number, units = true) =>
  [
    'Power Scheme GUID: 381b4222-f694-41f0-9685-ff5bb260df2e  (Balanced)',
    `  Subgroup GUID: ${sub[0]}  (${sub[1]})`,
    `    GUID Alias: ${sub[2]}`,
    `    Power Setting GUID: ${setting[0]}  (${setting[1]})`,
    `      GUID Alias: ${setting[2]}`,
    ...(units
      ? [
          '      Minimum Possible Setting: 0x00000000',
          '      Maximum Possible Setting: 0xffffffff',
          '      Possible Settings increment: 0x00000001',
          '      Possible Settings units: Seconds',
        ]
      : [
          '      Possible Setting Index: 000',
          '      Possible Setting Friendly Name: No',
          '      Possible Setting Index: 001',
          '      Possible Setting Friendly Name: Yes',
        ]),
    `    Current AC Power Setting Index: ${hex(ac)}`,
    `    Current DC Power Setting Index: ${hex(dc)}`,
    '',
  ].join('\r\n');

/** `powercfg /q …` output (English), seconds for display-off and sleep, 1/0 for sign-in on wake. */
export function powercfg(videoS: [number, number], standbyS: [number, number], consoleLock: [number, number]) {
  return {
    video: powerSetting(
      ['7516b95f-f776-4464-8c53-06167f40cc99', 'Display', 'SUB_VIDEO'],
      ['3c0bc021-c8a8-4e07-a973-6b14cbcb2b7e', 'Turn off display after', 'VIDEOIDLE'],
      ...videoS,
    ),
    standby: powerSetting(
      ['238c9fa8-0aad-41ed-83f4-97be242c8f20', 'Sleep', 'SUB_SLEEP'],
      ['29f6c1db-86da-48c5-9fdb-f2b67b1f44da', 'Sleep after', 'STANDBYIDLE'],
      ...standbyS,
    ),
    consoleLock: powerSetting(
      ['fea3413e-7e05-4911-9a71-700331f1c294', 'Settings belonging to no subgroup', 'SUB_NONE'],
      ['0e796bdb-100d-47d6-a2d5-f7d2daa51f51', 'Require a password on wakeup', 'CONSOLELOCK'],
      ...consoleLock,
      false,
    ),
  };
}

export const SECURITY_UPDATES = '0fa1201d-4330-4fa8-8ae9-b877473b6441';
export const DEFINITION_UPDATES = 'e0789628-ce08-4437-be74-2495b842f43b';
export const UPDATES = 'cd5ffd1e-e932-4e3a-bf74-18bf0b1bbd83';
