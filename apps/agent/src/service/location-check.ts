/**
 * `install` registers a service that runs as root / SYSTEM. If its program sits in a folder a
 * non-administrator can write (a keeper's home folder, a repository cloned there, nvm's node), that
 * person could change code that runs as root. This check walks the program's path up to the root
 * and says why it refuses.
 */
import { statSync } from 'node:fs';
import { dirname, win32 } from 'node:path';

export interface LocationProblem {
  path: string;
  why: string;
}

/** POSIX: every folder from the file up to / owned by root and not writable by group or others (a root-owned sticky folder such as /tmp is fine). */
export function posixWritableByOthers(file: string, stat: (p: string) => { uid: number; mode: number } = statSync): LocationProblem | undefined {
  let p = file;
  for (;;) {
    let st: { uid: number; mode: number };
    try {
      st = stat(p);
    } catch (err) {
      return { path: p, why: `it cannot be read (${(err as Error).message})` };
    }
    const isFile = p === file;
    if (st.uid !== 0)
      return { path: p, why: `it belongs to user id ${st.uid}, not to root, so that user can change ${isFile ? 'it' : 'what is in it'}` };
    const sticky = (st.mode & 0o1000) !== 0;
    if ((st.mode & 0o022) !== 0 && !(sticky && !isFile)) {
      return { path: p, why: `${(st.mode & 0o002) !== 0 ? 'every user' : 'its group'} can write to it (mode ${(st.mode & 0o7777).toString(8)})` };
    }
    const up = dirname(p);
    if (up === p) return undefined;
    p = up;
  }
}

/** Windows: the program must be under %ProgramFiles% or %SystemRoot%, which only administrators can change. */
export function windowsOutsideProtectedFolders(file: string, env: NodeJS.ProcessEnv): LocationProblem | undefined {
  const roots = [env.ProgramFiles, env['ProgramFiles(x86)'], env.SystemRoot, 'C:\\Program Files', 'C:\\Windows'].filter((r): r is string => !!r);
  const f = win32.resolve(file).toLowerCase();
  if (roots.some((r) => f.startsWith(`${win32.resolve(r).toLowerCase()}\\`))) return undefined;
  return { path: file, why: 'it is outside Program Files and the Windows folder, where other users may be able to change it' };
}

/** The first program file of the service that a non-administrator could change, or undefined when all are safe. */
export function programLocationProblem(
  files: string[],
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): LocationProblem | undefined {
  for (const f of files) {
    const problem = platform === 'win32' ? windowsOutsideProtectedFolders(f, env) : posixWritableByOthers(f);
    if (problem) return problem;
  }
  return undefined;
}
