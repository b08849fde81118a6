/**
 * What `install` and `uninstall` do, as data: folders, files and commands per platform. The CLI
 * applies a plan; tests read it. Paths are on this machine: machine paths on a real install, or
 * inside the --prefix folder.
 */
import { DARWIN_DISABLE, darwinEnable, launchdPlist } from './darwin.js';
import { isRealInstall, serviceLayout, servicePrograms, underPrefix, type Programs, type ServiceLayout, type ServicePlatform } from './layout.js';
import { LINUX_AFTER_REMOVE, LINUX_DISABLE, LINUX_ENABLE, systemdUnit } from './linux.js';
import { installScript, restrictToAdmins, taskXml, uninstallScript, utf16le, WINDOWS_DELETE, WINDOWS_STOP, windowsInstallCommands } from './win32.js';

export interface PlannedFile {
  path: string;
  content: string | Buffer;
  mode: number;
}

export interface InstallPlan {
  platform: ServicePlatform;
  /** Installing on this machine (no --prefix): run the commands. */
  real: boolean;
  layout: ServiceLayout;
  programs: Programs;
  /** Where the enrolment is written. */
  stateDir: string;
  /** Single-file program: copy this program (from) into the program folder (to) before the service is written. */
  copyProgram: { from: string; to: string } | null;
  dirs: { path: string; mode: number }[];
  /** Real install: after creating the folders, before enrolling (Windows: restrict the folder). */
  prepare: string[][];
  files: PlannedFile[];
  /** Real install, failure ignored: before writing (an already loaded launchd job). */
  unload: string[][];
  /** Real install: after writing the files. */
  start: string[][];
}

export interface UninstallPlan {
  platform: ServicePlatform;
  real: boolean;
  layout: ServiceLayout;
  /** Real uninstall, before deleting the files: stop and unregister (failures are reported, not fatal: it may not be loaded). */
  stop: string[][];
  /** Files to delete. */
  files: string[];
  /** Real uninstall, after deleting the files (failures reported, not fatal). */
  after: string[][];
  /** With --purge: folders to delete (state and logs). */
  purge: string[];
}

const UTF8_BOM = '\ufeff';

export function installPlan(platform: ServicePlatform, prefix?: string, env: NodeJS.ProcessEnv = process.env): InstallPlan {
  const real = isRealInstall(prefix);
  const layout = serviceLayout(platform, real ? env : {});
  const programs = servicePrograms(platform, layout);
  const at = (p: string) => (real ? p : underPrefix(prefix!, p));
  const copyProgram = programs.bin === null ? { from: process.execPath, to: at(layout.program) } : null;
  const base = { platform, real, layout, programs, copyProgram, stateDir: at(layout.stateDir), prepare: [] as string[][], unload: [] as string[][] };
  const stateDirEntry = { path: at(layout.stateDir), mode: 0o700 };
  const programDirEntry = copyProgram ? [{ path: at(layout.programDir), mode: 0o755 }] : [];

  if (platform === 'linux') {
    return {
      ...base,
      dirs: [stateDirEntry, ...programDirEntry],
      files: [{ path: at(layout.definition), content: systemdUnit(layout, programs), mode: 0o644 }],
      start: real ? LINUX_ENABLE : [],
    };
  }
  if (platform === 'darwin') {
    return {
      ...base,
      dirs: [stateDirEntry, { path: at(layout.logDir!), mode: 0o755 }, ...programDirEntry],
      files: [{ path: at(layout.definition), content: launchdPlist(layout, programs), mode: 0o644 }],
      unload: real ? DARWIN_DISABLE : [],
      start: real ? darwinEnable(layout.definition) : [],
    };
  }
  const [icacls, ...schtasks] = windowsInstallCommands(layout);
  const scriptDir = layout.scriptDir!;
  return {
    ...base,
    dirs: [stateDirEntry, { path: at(layout.logDir!), mode: 0o700 }, { path: at(scriptDir), mode: 0o700 }, ...programDirEntry],
    prepare: real ? [icacls!, ...(copyProgram ? [restrictToAdmins(layout.programDir)] : [])] : [],
    files: [
      { path: at(layout.definition), content: utf16le(taskXml(layout, programs, real ? env : {})), mode: 0o600 },
      { path: at(`${scriptDir}\\install-service.ps1`), content: UTF8_BOM + installScript(layout), mode: 0o600 },
      { path: at(`${scriptDir}\\uninstall-service.ps1`), content: UTF8_BOM + uninstallScript(layout), mode: 0o600 },
    ],
    start: real ? schtasks : [],
  };
}

export function uninstallPlan(platform: ServicePlatform, prefix?: string, env: NodeJS.ProcessEnv = process.env): UninstallPlan {
  const real = isRealInstall(prefix);
  const layout = serviceLayout(platform, real ? env : {});
  const at = (p: string) => (real ? p : underPrefix(prefix!, p));
  const purge = [layout.stateDir, ...(layout.logDir && !layout.logDir.startsWith(layout.stateDir) ? [layout.logDir] : [])].map(at);
  // The single-file program and what self-update keeps beside it.
  const programFiles = [layout.program, `${layout.program}.previous`, `${layout.program}.new`].map(at);
  if (platform === 'linux') {
    return {
      platform,
      real,
      layout,
      stop: real ? LINUX_DISABLE : [],
      files: [at(layout.definition), ...programFiles],
      after: real ? LINUX_AFTER_REMOVE : [],
      purge,
    };
  }
  if (platform === 'darwin') {
    return { platform, real, layout, stop: real ? DARWIN_DISABLE : [], files: [at(layout.definition), ...programFiles], after: [], purge };
  }
  const scriptDir = layout.scriptDir!;
  return {
    platform,
    real,
    layout,
    stop: real ? [...WINDOWS_STOP, ...WINDOWS_DELETE] : [],
    files: [layout.definition, `${scriptDir}\\install-service.ps1`, `${scriptDir}\\uninstall-service.ps1`].map(at).concat(programFiles),
    after: [],
    purge,
  };
}
