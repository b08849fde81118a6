/** Carry out an install or uninstall plan: folders, files, and (on a real install) commands. */
import { execFile } from 'node:child_process';
import { chmod, copyFile, mkdir, realpath, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { InstallPlan, UninstallPlan } from './plan.js';

export interface CommandOutcome {
  command: string[];
  ok: boolean;
  output: string;
}

/** Run one command without a shell; never throws. */
export function runCommand(command: string[], timeoutMs = 120_000): Promise<CommandOutcome> {
  const [file, ...args] = command;
  return new Promise((resolve) => {
    execFile(file!, args, { timeout: timeoutMs, windowsHide: true }, (err, stdout, stderr) => {
      const output = `${stdout}${stderr}`.trim() || (err ? err.message : '');
      resolve({ command, ok: !err, output });
    });
  });
}

/** Run in order; stop at the first failure unless `tolerant`. */
export async function runCommands(commands: string[][], tolerant: boolean): Promise<CommandOutcome[]> {
  const done: CommandOutcome[] = [];
  for (const c of commands) {
    const r = await runCommand(c);
    done.push(r);
    if (!r.ok && !tolerant) break;
  }
  return done;
}

/** Folders (with their modes, enforced even when they already exist). */
export async function makeDirs(plan: InstallPlan): Promise<void> {
  for (const d of plan.dirs) {
    await mkdir(dirname(d.path), { recursive: true, mode: 0o755 });
    await mkdir(d.path, { recursive: true, mode: d.mode });
    if (process.platform !== 'win32') await chmod(d.path, d.mode);
  }
}

export async function writeFiles(plan: InstallPlan): Promise<void> {
  for (const f of plan.files) {
    await mkdir(dirname(f.path), { recursive: true, mode: 0o755 });
    await writeFile(f.path, f.content, { mode: f.mode });
    if (process.platform !== 'win32') await chmod(f.path, f.mode);
  }
}

const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );

/** Delete the plan's files (and, with purge, its state and log folders). Returns what was there. */
export async function removeFiles(plan: UninstallPlan, purge: boolean): Promise<string[]> {
  const removed: string[] = [];
  for (const f of plan.files) {
    if (await exists(f)) {
      await rm(f, { force: true });
      removed.push(f);
    }
  }
  // The Windows script folder (ours alone), once empty.
  if (plan.platform === 'win32' && plan.files[0]) await rmdir(dirname(plan.files[0])).catch(() => undefined);
  if (purge) {
    for (const d of plan.purge) {
      if (await exists(d)) {
        await rm(d, { recursive: true, force: true });
        removed.push(d);
      }
    }
  }
  return removed;
}

/**
 * Copy the single-file program into its folder: written beside it as .new, then renamed over, so a
 * running service never sees half a file. False when it is already there (same file).
 */
export async function copyProgram(c: { from: string; to: string }): Promise<boolean> {
  const same = await Promise.all([realpath(c.from), realpath(c.to).catch(() => '')]).then(([a, b]) => a === b);
  if (same) return false;
  const tmp = `${c.to}.new`;
  await copyFile(c.from, tmp);
  if (process.platform !== 'win32') await chmod(tmp, 0o755);
  await rename(tmp, c.to);
  return true;
}
