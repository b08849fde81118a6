/** Pieces shared by the macOS recipes: the commands the darwin collectors run, in real layouts. */
import { DSCL_LIST_ARGS, dsclReadArgs, dsclReadplPasswordArgs } from '../../src/collectors/accounts/darwin.js';
import { PKGUTIL_PKGS_ARGS, pkgInfoArgs, SYSEXT_ARGS } from '../../src/collectors/antivirus/darwin.js';
import { plutilJsonArgs } from '../../src/collectors/apps/darwin.js';
import { FDESETUP_ARGS } from '../../src/collectors/encryption/darwin.js';
import { IOREG_ARGS, UNAME_ARCH_ARGS, UNAME_KERNEL_ARGS } from '../../src/collectors/os/darwin.js';
import { IDLETIME_ARGS, idPArgs, PMSET_ARGS, SCREENLOCK_ARGS, STAT_CONSOLE_ARGS } from '../../src/collectors/screen-lock/darwin.js';
import { SW_VERS_VERSION_ARGS, SWU_LIST_ARGS } from '../../src/collectors/updates/darwin.js';
import type { FakeHostSpec, FakeResult } from '../../src/exec/fake-host.js';
import { commandLine } from '../../src/exec/host.js';

type Commands = Record<string, FakeResult | ((opts: { uid?: number }) => FakeResult)>;

export interface MacPerson {
  name: string;
  uid: number;
  fullName: string;
  passwordLastSet: Date;
  /** sysadminctl's wording after "screenLock ", e.g. "delay is immediate". */
  screenLock: string;
  /** defaults idleTime in seconds; null = never set. */
  idleTime: number | null;
}

export interface MacRecipe {
  productVersion: string;
  build: string;
  darwinKernel: string;
  hostname: string;
  serial: string;
  model: string;
  people: MacPerson[];
  fileVault: string;
  /** softwareupdate -l: the lines after "Finding available software", or null for none. */
  pendingUpdates: string[] | null;
  xprotect: { pkgs: Array<{ id: string; version: string; installed: Date }> };
  /** /Applications entries: name → Info.plist as plutil prints it (JSON). */
  apps: Record<string, Record<string, unknown>>;
  displaySleepMinutes: number;
  capturedAt: Date;
}

const epoch = (d: Date) => Math.floor(d.getTime() / 1000);
const tty = (d: Date) => d.toUTCString().slice(8, 11) + ' ' + String(d.getUTCDate()).padStart(2, ' ') + ' ' + d.toISOString().slice(11, 16);
const nslog = (at: Date, tool: string, text: string) => `${at.toISOString().replace('T', ' ').slice(0, 23)} ${tool}[4711:90210] ${text}\n`;

export function macSpec(r: MacRecipe): FakeHostSpec {
  const c: Commands = {};
  const set = (file: string, args: readonly string[], result: FakeResult | ((o: { uid?: number }) => FakeResult)) =>
    (c[commandLine(file, [...args])] = result);

  set('sw_vers', [], { stdout: `ProductName:\t\tmacOS\nProductVersion:\t\t${r.productVersion}\nBuildVersion:\t\t${r.build}\n` });
  set('sw_vers', SW_VERS_VERSION_ARGS, { stdout: `${r.productVersion}\n` });
  set('uname', UNAME_ARCH_ARGS, { stdout: 'arm64\n' });
  set('uname', UNAME_KERNEL_ARGS, { stdout: `${r.darwinKernel}\n` });
  set('hostname', [], { stdout: `${r.hostname}\n` });
  set('ioreg', IOREG_ARGS, {
    stdout: [
      `+-o ${r.model}  <class IOPlatformExpertDevice, id 0x100000220, registered, matched, active, busy 0 (2345 ms), retain 42>`,
      '    {',
      '      "IOPlatformUUID" = "4B8E2F1C-7A3D-4E59-8C6B-1D2E3F4A5B6C"',
      `      "IOPlatformSerialNumber" = "${r.serial}"`,
      `      "model" = <"${r.model}">`,
      '    }',
      '',
    ].join('\n'),
  });

  const users = [
    '_amavisd                 83',
    '_mbsetupuser             248',
    '_windowserver            88',
    'daemon                   1',
    'nobody                   -2',
    'root                     0',
    ...r.people.map((p) => `${p.name.padEnd(25)}${p.uid}`),
  ];
  set('dscl', DSCL_LIST_ARGS, { stdout: `${users.join('\n')}\n` });
  for (const p of r.people) {
    set('dscl', dsclReadArgs(p.name, 'UserShell'), { stdout: 'UserShell: /bin/zsh\n' });
    set('dscl', dsclReadArgs(p.name, 'OriginalNodeName'), { stderr: 'No such key: OriginalNodeName\n', exitCode: 181 });
    set('dscl', dsclReadplPasswordArgs(p.name), { stdout: `passwordLastSetTime: ${(p.passwordLastSet.getTime() / 1000).toFixed(6)}\n` });
    set('id', idPArgs(p.name), { stdout: `${p.name}:********:${p.uid}:20::0:0:${p.fullName}:/Users/${p.name}:/bin/zsh\n` });
  }

  const keeper = r.people[0]!;
  set('stat', STAT_CONSOLE_ARGS, { stdout: `${keeper.name}\n` });
  set('who', [], { stdout: `${keeper.name.padEnd(8)} console  ${tty(new Date(r.capturedAt.getTime() - 3 * 3600_000))} \n` });
  set('pmset', PMSET_ARGS, {
    stdout: `System-wide power settings:\nCurrently in use:\n standby              1\n hibernatefile        /var/vm/sleepimage\n powernap             1\n disksleep            10\n sleep                1\n hibernatemode        3\n displaysleep         ${r.displaySleepMinutes}\n tcpkeepalive         1\n lowpowermode         0\n`,
  });
  const asPerson = (p: MacPerson, ok: FakeResult) => (o: { uid?: number }) =>
    o.uid === p.uid ? ok : { stderr: 'not run as the signed-in person\n', exitCode: 1 };
  set('sysadminctl', SCREENLOCK_ARGS, asPerson(keeper, { stderr: nslog(r.capturedAt, 'sysadminctl', `screenLock ${keeper.screenLock}`) }));
  set(
    'defaults',
    IDLETIME_ARGS,
    asPerson(
      keeper,
      keeper.idleTime === null
        ? {
            stderr: `${nslog(r.capturedAt, 'defaults', '')}The domain/default pair of (com.apple.screensaver, idleTime) does not exist\n`,
            exitCode: 1,
          }
        : { stdout: `${keeper.idleTime}\n` },
    ),
  );

  set('fdesetup', FDESETUP_ARGS, { stdout: `${r.fileVault}\n` });
  set(
    'softwareupdate',
    SWU_LIST_ARGS,
    r.pendingUpdates
      ? {
          stdout: `Software Update Tool\n\nFinding available software\nSoftware Update found the following new or updated software:\n${r.pendingUpdates.join('\n')}\n`,
        }
      : { stdout: 'Software Update Tool\n\nFinding available software\n', stderr: 'No new software available.\n' },
  );

  set('pkgutil', PKGUTIL_PKGS_ARGS, {
    stdout: [
      'com.apple.pkg.CLTools_Executables',
      'com.apple.files.data-template',
      'com.apple.pkg.RosettaUpdateAuto',
      ...r.xprotect.pkgs.map((p) => p.id),
      'com.microsoft.package.Microsoft_AutoUpdate.app',
      '',
    ].join('\n'),
  });
  for (const p of r.xprotect.pkgs) {
    set('pkgutil', pkgInfoArgs(p.id), {
      stdout: `package-id: ${p.id}\nversion: ${p.version}\nvolume: /\nlocation: /\ninstall-time: ${epoch(p.installed)}\n`,
    });
  }
  set('systemextensionsctl', SYSEXT_ARGS, { stdout: '0 extension(s)\n' });

  const paths: string[] = [];
  for (const [app, info] of Object.entries(r.apps)) {
    const plist = `/Applications/${app}/Contents/Info.plist`;
    paths.push(plist);
    set('plutil', plutilJsonArgs(plist), { stdout: JSON.stringify(info) });
  }
  return {
    platform: 'darwin',
    commands: c,
    paths,
    dirs: { '/Users': ['.localized', 'Shared', ...r.people.map((p) => p.name)] },
  };
}

export const infoPlist = (id: string, name: string, version: string, extra: Record<string, unknown> = {}) => ({
  CFBundleIdentifier: id,
  CFBundleName: name,
  CFBundleShortVersionString: version,
  CFBundlePackageType: 'APPL',
  ...extra,
});
